// The views of each kind of object the tools return when no `fields` are asked for. `detailed`: the fields
// an agent needs to decide and to refer to the object (the curated tools' records). `concise` (the default):
// names and what a person asks about (state, zone, IPs, offering, size), and of UUIDs only the object's own
// `id`, which the next call needs. Any other API's records get the generic concise view.
import { isPlainObject, type JsonObject, pickFields } from '../shape.js';

export const projectZone = (zone: JsonObject) =>
  pickFields(zone, ['id', 'name', 'networktype', 'allocationstate', 'description']);

export const projectTemplate = (template: JsonObject) =>
  pickFields(template, [
    'id',
    'name',
    'displaytext',
    'ostypename',
    'zonename',
    'hypervisor',
    'isready',
    'size',
  ]);

export const projectServiceOffering = (offering: JsonObject) =>
  pickFields(offering, ['id', 'name', 'displaytext', 'cpunumber', 'cpuspeed', 'memory', 'iscustomized']);

export const projectNetwork = (network: JsonObject) =>
  pickFields(network, ['id', 'name', 'zonename', 'type', 'state', 'cidr', 'networkofferingname']);

export function projectVm(vm: JsonObject): JsonObject {
  const out = pickFields(vm, [
    'id',
    'name',
    'displayname',
    'state',
    'zonename',
    'templatename',
    'serviceofferingname',
    'cpunumber',
    'memory',
    'created',
  ]);
  if (out.displayname === out.name) delete out.displayname;
  const nics = Array.isArray(vm.nic) ? (vm.nic as JsonObject[]) : [];
  const addresses = nics.map((nic) => nic.ipaddress).filter((address) => typeof address === 'string');
  if (addresses.length > 0) out.ipaddress = addresses.length === 1 ? addresses[0] : addresses;
  const networks = nics.map((nic) => nic.networkname).filter((name) => typeof name === 'string');
  if (networks.length > 0) out.networks = networks;
  return out;
}

/** The VM's IP addresses: one, a list, or none. */
function addressesOf(vm: JsonObject): unknown {
  const nics = Array.isArray(vm.nic) ? (vm.nic as JsonObject[]) : [];
  const addresses = nics.map((nic) => nic.ipaddress).filter((address) => typeof address === 'string');
  return addresses.length > 1 ? addresses : addresses[0];
}

/** The VM's display name, when it says more than its name. */
function displayNameOf(vm: JsonObject): JsonObject {
  return vm.displayname !== undefined && vm.displayname !== vm.name ? { displayname: vm.displayname } : {};
}

export function conciseVm(vm: JsonObject): JsonObject {
  const out = {
    ...pickFields(vm, ['id', 'name']),
    ...displayNameOf(vm),
    ...pickFields(vm, ['state', 'zonename', 'serviceofferingname', 'memory']),
  };
  const addresses = addressesOf(vm);
  if (addresses !== undefined) out.ipaddress = addresses;
  return out;
}

/** What a VM job changed: the VM's name, state and IPs (and its id, for the next call). */
export function changedVm(vm: JsonObject): JsonObject {
  const out = { ...pickFields(vm, ['id', 'name']), ...displayNameOf(vm), ...pickFields(vm, ['state']) };
  const addresses = addressesOf(vm);
  if (addresses !== undefined) out.ipaddress = addresses;
  return out;
}

export const conciseZone = (zone: JsonObject) =>
  pickFields(zone, ['id', 'name', 'networktype', 'allocationstate']);

export const conciseTemplate = (template: JsonObject) =>
  pickFields(template, ['id', 'name', 'ostypename', 'zonename', 'isready', 'size']);

export const conciseServiceOffering = (offering: JsonObject) =>
  pickFields(offering, ['id', 'name', 'cpunumber', 'cpuspeed', 'memory']);

export const conciseNetwork = (network: JsonObject) =>
  pickFields(network, ['id', 'name', 'zonename', 'type', 'state', 'cidr']);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The concise view of any other record: its fields without the ids of other objects (top-level names
 * ending in `id` other than `id` itself: zoneid, domainid, ...) and without timestamps (values such as
 * 2026-01-01T10:00:00+0000, at any depth). Nested lists and objects are kept otherwise. A record without
 * an `id` keeps its *id fields: one of them is how it is named (listAsyncJobs' jobid, listTags' resourceid).
 */
export function conciseRecord(record: JsonObject): JsonObject {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return TIMESTAMP.test(value) ? undefined : value;
    if (Array.isArray(value)) return value.map(walk);
    if (!isPlainObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) out[key] = walk(child);
    return out;
  };
  const out: JsonObject = {};
  const ownId = record.id !== undefined;
  for (const [key, value] of Object.entries(record)) {
    if (ownId && key !== 'id' && key.toLowerCase().endsWith('id')) continue;
    out[key] = walk(value);
  }
  return out;
}

export interface Views {
  concise: (item: JsonObject) => JsonObject;
  detailed: (item: JsonObject) => JsonObject;
}

/** The concise and detailed view of the objects a curated list tool returns, by its API. */
export const curatedViews: Record<string, Views> = {
  listVirtualMachines: { concise: conciseVm, detailed: projectVm },
  listZones: { concise: conciseZone, detailed: projectZone },
  listTemplates: { concise: conciseTemplate, detailed: projectTemplate },
  listServiceOfferings: { concise: conciseServiceOffering, detailed: projectServiceOffering },
  listNetworks: { concise: conciseNetwork, detailed: projectNetwork },
};

/** The concise view of an object named by CloudStack's key for it (an async job's result). */
export function conciseOf(key: string | undefined, value: JsonObject): JsonObject {
  return key === 'virtualmachine' ? changedVm(value) : conciseRecord(value);
}

/** The views of a list API's items: the curated tool's for the APIs one covers, else the generic ones. */
export function viewsOf(api: string): Views {
  return curatedViews[api] ?? { concise: conciseRecord, detailed: (item) => item };
}

/**
 * An answer that is not a list (an async job's `jobresult`, a sync call's answer) in the concise view: a
 * VM shows what changed, others the generic view. A lone wrapper (`{virtualmachine: {...}}`) names the
 * object; it is dropped with `unwrap` (job results, unwrapped in every format), kept otherwise, so that
 * `fields` paths and the answer agree.
 */
export function conciseResult(result: unknown, unwrap: boolean): unknown {
  if (!isPlainObject(result)) return result;
  const keys = Object.keys(result);
  const only = keys.length === 1 ? (keys[0] as string) : undefined;
  const inner = only === undefined ? undefined : result[only];
  if (only === undefined || !isPlainObject(inner)) return conciseRecord(result);
  const view = conciseOf(only, inner);
  return unwrap ? view : { [only]: view };
}
