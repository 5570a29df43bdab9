// The compact view of each kind of object the curated tools return when no `fields` are asked for: the
// fields an agent needs to decide and to refer to the object, not CloudStack's full record.
import type { JsonObject } from '../shape.js';

function pick(item: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const field of fields) if (item[field] !== undefined) out[field] = item[field];
  return out;
}

export const projectZone = (zone: JsonObject) =>
  pick(zone, ['id', 'name', 'networktype', 'allocationstate', 'description']);

export const projectTemplate = (template: JsonObject) =>
  pick(template, ['id', 'name', 'displaytext', 'ostypename', 'zonename', 'hypervisor', 'isready', 'size']);

export const projectServiceOffering = (offering: JsonObject) =>
  pick(offering, ['id', 'name', 'displaytext', 'cpunumber', 'cpuspeed', 'memory', 'iscustomized']);

export const projectNetwork = (network: JsonObject) =>
  pick(network, ['id', 'name', 'zonename', 'type', 'state', 'cidr', 'networkofferingname']);

export function projectVm(vm: JsonObject): JsonObject {
  const out = pick(vm, [
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
