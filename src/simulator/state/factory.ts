// Creating objects that have parts: virtual machines with their NICs and volumes, networks with addresses.
import { ErrorCode, serverApiError } from '../errors.js';
import type { Network, Nic, Vm, VmState, Volume } from './model.js';
import type { Store } from './store.js';

/** The next free address of a network, as a dotted string; undefined for L2 networks. */
function allocateIp(network: Network): string | undefined {
  if (network.cidrBase === undefined || network.cidrPrefix === undefined) return undefined;
  const hostCount = 2 ** (32 - network.cidrPrefix) - 2;
  if (network.nextHost > hostCount) {
    throw serverApiError(
      ErrorCode.INSUFFICIENT_CAPACITY,
      `Insufficient address capacity: no free IP address left in network ${network.name}`,
    );
  }
  const value = (network.cidrBase + network.nextHost++) >>> 0;
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

export function newNic(store: Store, network: Network, deviceId: number, ipAddress?: string): Nic {
  return {
    id: store.newId(),
    networkId: network.id,
    ipAddress: ipAddress ?? allocateIp(network),
    macAddress: store.nextMacAddress(),
    isDefault: deviceId === 0,
    deviceId,
  };
}

export interface NewVm {
  name?: string;
  displayName?: string;
  accountId: string;
  userId: string;
  zoneId: string;
  templateId: string;
  serviceOfferingId: string;
  diskOfferingId?: string;
  cpuNumber: number;
  cpuSpeed: number;
  memory: number;
  osTypeId: string;
  state: VmState;
  hostId?: string;
  networks: Network[];
  ipAddress?: string;
  keypairs?: string[];
  group?: string;
  details?: Record<string, string>;
  userData?: string;
  displayVm?: boolean;
  dynamicallyScalable?: boolean;
  created: number;
}

/** Adds a VM, its NICs and its ROOT volume to the store. */
export function createVm(store: Store, spec: NewVm): Vm {
  const id = store.newId();
  const internalId = store.nextInternalId('vm_instance', 3);
  const name = spec.name ?? `VM-${id}`;
  const vm: Vm = {
    id,
    internalId,
    name,
    displayName: spec.displayName ?? name,
    accountId: spec.accountId,
    userId: spec.userId,
    zoneId: spec.zoneId,
    templateId: spec.templateId,
    serviceOfferingId: spec.serviceOfferingId,
    diskOfferingId: spec.diskOfferingId,
    cpuNumber: spec.cpuNumber,
    cpuSpeed: spec.cpuSpeed,
    memory: spec.memory,
    hostId: spec.hostId,
    lastHostId: spec.hostId,
    state: spec.state,
    nics: spec.networks.map((network, index) =>
      newNic(store, network, index, index === 0 ? spec.ipAddress : undefined),
    ),
    keypairs: spec.keypairs ?? [],
    group: spec.group,
    haEnable: false,
    displayVm: spec.displayVm ?? true,
    dynamicallyScalable: spec.dynamicallyScalable ?? false,
    details: spec.details ?? {},
    userData: spec.userData,
    osTypeId: spec.osTypeId,
    password: undefined,
    created: spec.created,
  };
  store.vms.set(id, vm);
  return vm;
}

export interface NewVolume {
  name: string;
  type: Volume['type'];
  accountId: string;
  zoneId: string;
  vmId?: string;
  deviceId?: number;
  diskOfferingId?: string;
  templateId?: string;
  size: number;
  state: Volume['state'];
  created: number;
}

export function createVolume(store: Store, spec: NewVolume): Volume {
  const volume: Volume = {
    id: store.newId(),
    internalId: store.nextInternalId('volumes', 3),
    name: spec.name,
    type: spec.type,
    accountId: spec.accountId,
    zoneId: spec.zoneId,
    vmId: spec.vmId,
    deviceId: spec.deviceId,
    diskOfferingId: spec.diskOfferingId,
    templateId: spec.templateId,
    size: spec.size,
    state: spec.state,
    created: spec.created,
    attached: spec.vmId ? spec.created : undefined,
  };
  store.volumes.set(volume.id, volume);
  return volume;
}

/** The volumes attached to a VM. */
export function volumesOf(store: Store, vmId: string): Volume[] {
  return [...store.volumes.values()].filter((volume) => volume.vmId === vmId);
}

/** Hosts of a zone, in a stable order, for round-robin placement. */
export function hostsInZone(store: Store, zoneId: string): string[] {
  return [...store.hosts.values()].filter((host) => host.zoneId === zoneId).map((host) => host.id);
}
