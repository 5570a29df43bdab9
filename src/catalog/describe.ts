// One API, described for a model: what it does, its class, its parameters (required first) and, when asked
// (`full`), the fields of its answer and the paging parameters. Compact on purpose: descriptions of
// parameters matter, response fields rarely do (listVirtualMachines' run to ~10k characters), and paging is
// the server's business (limit, all, cursor).
import type { ApiResponseDoc } from '../cloudstack/binding.js';
import type { CatalogEntry } from './catalog.js';
import { actingParameters, credentialApis } from './classification-exceptions.js';
import type { ApiClass } from './classify.js';

export type ParamDescription = {
  name: string;
  type: string;
  required: boolean;
  description: string;
};

export type ResponseFieldDescription = {
  name: string;
  type: string;
  fields?: ResponseFieldDescription[];
};

export type ApiDescription = {
  name: string;
  description: string;
  class: ApiClass;
  /** Why the class is what it is, where that is not plain from the name (credentials, acting parameters). */
  classNote?: string;
  async: boolean;
  since?: string;
  source: 'bindings' | 'live';
  params: ParamDescription[];
  response?: ResponseFieldDescription[];
  related?: string[];
};

function describeFields(docs: readonly ApiResponseDoc[]): ResponseFieldDescription[] {
  return docs
    .filter((doc) => doc.name)
    .map((doc) => {
      const field: ResponseFieldDescription = { name: doc.name, type: doc.type };
      if (doc.fields && doc.fields.length > 0) field.fields = describeFields(doc.fields);
      return field;
    });
}

/** Parameters callApi pages with itself, left out unless `full`. */
const PAGING = new Set(['page', 'pagesize']);

export function describeEntry(entry: CatalogEntry, options: { full?: boolean } = {}): ApiDescription {
  const definition = entry.definition;
  const full = options.full === true;
  const params = [...definition.paramDocs]
    .filter((param) => full || !PAGING.has(param.name))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name))
    .map((param) => ({
      name: param.name,
      type: param.type,
      required: param.required,
      description: param.description,
    }));
  const description: ApiDescription = {
    name: definition.name,
    description: definition.description,
    class: entry.apiClass,
    async: definition.isAsync,
    source: entry.source,
    params,
  };
  if (full) description.response = describeFields(definition.responseDocs);
  const notes: string[] = [];
  if (Object.hasOwn(credentialApis, definition.name)) {
    notes.push(`changes credentials or access: it ${credentialApis[definition.name]}`);
  }
  for (const rule of Object.hasOwn(actingParameters, definition.name)
    ? (actingParameters[definition.name] ?? [])
    : []) {
    notes.push(`a ${rule.apiClass} call with ${rule.why}`);
  }
  if (notes.length > 0) description.classNote = notes.join('; ');
  if (definition.since) description.since = definition.since;
  if (definition.related.length > 0) description.related = [...definition.related];
  return description;
}
