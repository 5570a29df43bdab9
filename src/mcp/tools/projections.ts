// The compact view of each kind of object the curated tools return when no `fields` are asked for: the
// fields an agent needs to decide and to refer to the object, not CloudStack's full record.
import { type JsonObject, pickFields } from '../shape.js';

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
