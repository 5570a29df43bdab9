// The parameters of an API worth showing before describeApi: the required ones, then the optional ones people
// set most. CloudStack publishes no usage figures, so "most set" is a short hand list (the optional
// parameters an operator names when asking for a VM, a volume, a rule or a listing), kept in its order and
// intersected with the API's own parameters. Paging (page, pagesize) is never among them.
import type { ApiDefinition, ApiParamDoc } from '../cloudstack/binding.js';

const COMMON_OPTIONAL = [
  'name',
  'displayname',
  'displaytext',
  'zoneid',
  'id',
  'virtualmachineid',
  'networkid',
  'size',
  'diskofferingid',
  'startport',
  'endport',
  'cidrlist',
  'state',
  'keyword',
  'account',
  'domainid',
  'projectid',
];

/** At most this many optional ones. */
const MAX_OPTIONAL = 5;

export interface KeyParams {
  required: ApiParamDoc[];
  optional: ApiParamDoc[];
}

export function keyParams(definition: ApiDefinition, maxOptional = MAX_OPTIONAL): KeyParams {
  const byName = new Map(definition.paramDocs.map((doc) => [doc.name, doc]));
  const optional: ApiParamDoc[] = [];
  for (const name of COMMON_OPTIONAL) {
    const doc = byName.get(name);
    if (doc && !doc.required && optional.length < maxOptional) optional.push(doc);
  }
  return { required: definition.paramDocs.filter((doc) => doc.required), optional };
}
