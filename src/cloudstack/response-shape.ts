// Where an API's documented response fields sit in its answer. listApis describes the fields of the response
// object but not the key CloudStack wraps it in:
//   list APIs      {"count": 2, "virtualmachine": [{...}, {...}]}   (an empty list is {})
//   other APIs     {"virtualmachine": {...}}                       (async: the job's `jobresult`)
//   success-style  {"success": true, "displaytext": "..."}        (fields at the top)
// The key is derived from the API name by the rules below plus a small table of exceptions learnt from
// real answers. Schemas keep unknown keys, so a wrong guess never rejects a real answer; it only leaves the
// object unchecked.

export type ResponseShape =
  | { kind: 'list'; itemKey: string }
  | { kind: 'object'; key: string }
  | { kind: 'flat' };

const list = (itemKey: string): ResponseShape => ({ kind: 'list', itemKey });
const object = (key: string): ResponseShape => ({ kind: 'object', key });
const FLAT: ResponseShape = { kind: 'flat' };

/** APIs whose answer does not follow the rules. */
const EXCEPTIONS: Readonly<Record<string, ResponseShape>> = {
  // list APIs whose item key is not the singular of the noun
  listAsyncJobs: list('asyncjobs'),
  listHypervisorCapabilities: list('hypervisorCapabilities'),
  listDomainChildren: list('domain'),
  listEgressFirewallRules: list('firewallrule'),
  listLBStickinessPolicies: list('stickinesspolicies'),
  listLBHealthCheckPolicies: list('healthcheckpolicies'),
  listSecondaryStagingStores: list('imagestore'),
  listVMSnapshot: list('vmSnapshot'),
  listAffinityGroupTypes: list('affinityGroupType'),
  listLdapConfigurations: list('LdapConfiguration'),
  listLdapUsers: list('LdapUser'),
  listDedicatedGuestVlanRanges: list('dedicatedguestvlanrange'),
  // non-list APIs that answer with a list
  addHost: list('host'),
  addBaremetalHost: list('host'),
  addCluster: list('cluster'),
  findHostsForMigration: list('host'),
  registerIso: list('iso'),
  registerTemplate: list('template'),
  // list APIs that answer with one object
  listCapabilities: object('capability'),
  listInfrastructure: object('infrastructure'),
  // objects under a key the rules do not find
  cancelHostMaintenance: object('host'),
  cancelStorageMaintenance: object('storagepool'),
  enableStorageMaintenance: object('storagepool'),
  enableHAForHost: object('hostha'),
  disableHAForHost: object('hostha'),
  configureHAForHost: object('hostha'),
  createEgressFirewallRule: object('firewallrule'),
  updateEgressFirewallRule: object('firewallrule'),
  createLoadBalancerRule: object('loadbalancer'),
  updateLoadBalancerRule: object('loadbalancer'),
  createSSHKeyPair: object('keypair'),
  registerSSHKeyPair: object('keypair'),
  getKubernetesClusterConfig: object('clusterconfig'),
  createVlanIpRange: object('vlan'),
  updateVlanIpRange: object('vlan'),
  dedicatePublicIpRange: object('vlan'),
  resetSSHKeyForVirtualMachine: object('virtualmachine'),
  resetPasswordForVirtualMachine: object('virtualmachine'),
  changeServiceForVirtualMachine: object('virtualmachine'),
  updateVMAffinityGroup: object('virtualmachine'),
  getVMPassword: object('password'),
  addIpToNic: object('nicsecondaryip'),
  // answers with the fields at the top
  login: FLAT,
  logout: FLAT,
  queryAsyncJobResult: FLAT,
  // documented with ApiLimitResponse's fields in 4.15, answers {success: true}
  resetApiLimit: FLAT,
};

const SUCCESS_FIELDS = new Set(['success', 'displaytext', 'jobid', 'jobstatus']);

/** English plural to singular, as CloudStack names its list items (vpcs → vpc, policies → policy). */
export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh|ses)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** listVirtualMachines → virtualmachine; listHostsMetrics → host; listVolumesUsageHistory → volume. */
export function listItemKey(apiName: string): string {
  const noun = apiName
    .replace(/^list/, '')
    .replace(/(Metrics|UsageHistory)$/, '')
    .toLowerCase();
  return singular(noun);
}

/** deployVirtualMachine → virtualmachine; dedicateCluster → dedicatedcluster; addNicToVirtualMachine →
 * virtualmachine; prepareHostForMaintenance → host; getUploadParamsForIso → getuploadparams. */
export function objectKey(apiName: string): string {
  if (apiName.startsWith('getUploadParamsFor')) return 'getuploadparams';
  const match = /^([a-z0-9]+)(.*)$/.exec(apiName);
  const verb = match?.[1] ?? apiName;
  let noun = match?.[2] ?? '';
  if (noun === '') return apiName.toLowerCase();
  const to = /^.+?To([A-Z].*)$/.exec(noun);
  if (to?.[1]) noun = to[1];
  const forIndex = noun.search(/For[A-Z]/);
  if (forIndex > 0) noun = noun.slice(0, forIndex);
  return (verb === 'dedicate' ? 'dedicated' : '') + noun.toLowerCase();
}

/** The shape of an API's answer, from its name and documented response field names. */
export function responseShape(apiName: string, fieldNames: readonly string[]): ResponseShape {
  const exception = EXCEPTIONS[apiName];
  if (exception) return exception;
  if (fieldNames.includes('success') && fieldNames.every((name) => SUCCESS_FIELDS.has(name))) return FLAT;
  if (apiName.startsWith('list')) return list(listItemKey(apiName));
  return object(objectKey(apiName));
}
