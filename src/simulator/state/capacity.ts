// Compute family (issue 14): each zone's capacity as CloudStack's Capacity types, computed from the world
// (hosts and the VMs placed on them, pools and the volumes on them, the public range and the addresses
// taken), and the capacity alerts AlertManagerImpl raises when a figure crosses its notification threshold
// (the *.capacity.notificationthreshold settings, 0.75 by default).
import type { CapacityFigure } from '../views/compute.js';
import type { Alert } from './model.js';
import type { Store } from './store.js';

/** CloudStack's Capacity.CAPACITY_TYPE_* values and their names (CapacityVO.getCapacityName). */
export const CAPACITY_TYPES = [
  { type: 0, name: 'MEMORY' },
  { type: 1, name: 'CPU' },
  { type: 2, name: 'STORAGE' },
  { type: 3, name: 'STORAGE_ALLOCATED' },
  { type: 4, name: 'VIRTUAL_NETWORK_PUBLIC_IP' },
  { type: 5, name: 'PRIVATE_IP' },
  { type: 6, name: 'SECONDARY_STORAGE' },
  { type: 90, name: 'CPU_CORE' },
] as const;

const MiB = 1024 * 1024;

function ipNumber(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** What the VMs placed on these hosts take, in one pass over the VMs (a zone may have thousands). */
function placedOn(
  store: Store,
  hostIds: ReadonlySet<string>,
): { memory: number; cpu: number; cores: number } {
  let memory = 0;
  let cpu = 0;
  let cores = 0;
  for (const vm of store.vms.values()) {
    if (vm.hostId === undefined || !hostIds.has(vm.hostId)) continue;
    memory += vm.memory * MiB;
    cpu += vm.cpuNumber * vm.cpuSpeed;
    cores += vm.cpuNumber;
  }
  return { memory, cpu, cores };
}

export interface CapacityScope {
  zoneId: string;
  podId?: string;
  clusterId?: string;
}

/** The capacity figures of a zone (or of one pod or cluster of it). */
export function capacityOf(store: Store, scope: CapacityScope): CapacityFigure[] {
  const { zoneId, podId, clusterId } = scope;
  const hosts = [...store.hosts.values()].filter(
    (h) =>
      h.zoneId === zoneId &&
      (podId === undefined || h.podId === podId) &&
      (clusterId === undefined || h.clusterId === clusterId),
  );
  const pools = [...store.storagePools.values()].filter(
    (p) =>
      p.zoneId === zoneId &&
      (podId === undefined || p.podId === podId) &&
      (clusterId === undefined || p.clusterId === clusterId),
  );
  const firstPool = [...store.storagePools.values()].find((p) => p.zoneId === zoneId)?.id;
  const poolIds = new Set(pools.map((p) => p.id));
  const hostIds = new Set(hosts.map((h) => h.id));
  const { memory, cpu, cores } = placedOn(store, hostIds);
  let storageUsed = 0;
  for (const volume of store.volumes.values()) {
    if (volume.zoneId !== zoneId || volume.state === 'Expunged') continue;
    if (poolIds.has(volume.poolId ?? firstPool ?? '')) storageUsed += volume.size;
  }
  const storageTotal = pools.reduce((sum, p) => sum + p.capacity, 0);
  const range = store.publicRanges.get(zoneId);
  const publicUsed = [...store.publicIps.values()].filter((ip) => ip.zoneId === zoneId).length;
  const pods = [...store.pods.values()].filter(
    (p) => p.zoneId === zoneId && (podId === undefined || p.id === podId),
  );
  const privateTotal = pods.reduce((sum, p) => sum + ipNumber(p.endIp) - ipNumber(p.startIp) + 1, 0);
  const stores = [...store.imageStores.values()].filter((s) => s.zoneId === zoneId);
  const secondaryUsed = [...store.templates.values()]
    .filter((t) => t.zoneIds.includes(zoneId))
    .reduce((sum, t) => sum + t.size, 0);
  const figures: Record<number, { total: number; used: number }> = {
    0: { total: hosts.reduce((sum, h) => sum + h.memoryTotal, 0), used: memory },
    1: { total: hosts.reduce((sum, h) => sum + h.cpuNumber * h.cpuSpeed, 0), used: cpu },
    2: { total: storageTotal, used: storageUsed },
    3: { total: storageTotal, used: storageUsed },
    4: { total: range?.size ?? 0, used: publicUsed },
    5: { total: privateTotal, used: hosts.length },
    6: { total: stores.reduce((sum, s) => sum + s.capacity, 0), used: secondaryUsed },
    90: { total: hosts.reduce((sum, h) => sum + h.cpuNumber, 0), used: cores },
  };
  return CAPACITY_TYPES.filter(({ type }) => type !== 4 || range !== undefined).map(({ type, name }) => ({
    id: `${zoneId}:${podId ?? ''}:${clusterId ?? ''}:${type}`,
    type,
    name,
    zoneId,
    podId,
    clusterId,
    total: figures[type]?.total ?? 0,
    used: figures[type]?.used ?? 0,
  }));
}

/** AlertManager.AlertType values of the capacity alerts, their names and subjects (AlertManagerImpl). */
const CAPACITY_ALERTS: Record<
  number,
  { alertType: number; name: string; subject: (zone: string) => string }
> = {
  0: {
    alertType: 0,
    name: 'ALERT.MEMORY',
    subject: (z) => `System Alert: Low Available Memory in availability zone ${z}`,
  },
  1: {
    alertType: 1,
    name: 'ALERT.CPU',
    subject: (z) => `System Alert: Low Unallocated CPU in availability zone ${z}`,
  },
  4: {
    alertType: 4,
    name: 'ALERT.NETWORK.PUBLICIP',
    subject: (z) =>
      `System Alert: Number of unallocated virtual network public IPs is low in availability zone ${z}`,
  },
};

export const CAPACITY_NOTIFICATION_THRESHOLD = 0.75;

/** Zones and capacity types currently above their threshold, so an alert is raised once per crossing. */
const raised = new WeakMap<Store, Set<string>>();

/** Only the figures alerts watch (memory, CPU, public IPs): checked at every job end, so kept cheap. */
function alertedFigures(
  store: Store,
  zoneId: string,
  placed: ReadonlyMap<string, { memory: number; cpu: number }>,
): Array<{ type: number; total: number; used: number }> {
  const hosts = [...store.hosts.values()].filter((h) => h.zoneId === zoneId);
  const { memory, cpu } = placed.get(zoneId) ?? { memory: 0, cpu: 0 };
  const range = store.publicRanges.get(zoneId);
  let publicUsed = 0;
  if (range) for (const ip of store.publicIps.values()) if (ip.zoneId === zoneId) publicUsed++;
  return [
    { type: 0, total: hosts.reduce((sum, h) => sum + h.memoryTotal, 0), used: memory },
    { type: 1, total: hosts.reduce((sum, h) => sum + h.cpuNumber * h.cpuSpeed, 0), used: cpu },
    { type: 4, total: range?.size ?? 0, used: publicUsed },
  ];
}

/** Raises an alert for each capacity that crossed its threshold since the last check. */
export function checkCapacityAlerts(store: Store, now: number): void {
  const above = raised.get(store) ?? new Set<string>();
  raised.set(store, above);
  // Memory and CPU of every zone in one pass over the VMs.
  const placed = new Map<string, { memory: number; cpu: number }>();
  for (const vm of store.vms.values()) {
    const zoneId = vm.hostId === undefined ? undefined : store.hosts.get(vm.hostId)?.zoneId;
    if (zoneId === undefined) continue;
    const sums = placed.get(zoneId) ?? { memory: 0, cpu: 0 };
    sums.memory += vm.memory * MiB;
    sums.cpu += vm.cpuNumber * vm.cpuSpeed;
    placed.set(zoneId, sums);
  }
  for (const zone of store.zones.values()) {
    for (const figure of alertedFigures(store, zone.id, placed)) {
      const alert = CAPACITY_ALERTS[figure.type];
      if (!alert) continue;
      const key = `${zone.id}:${figure.type}`;
      const over = figure.total > 0 && figure.used / figure.total >= CAPACITY_NOTIFICATION_THRESHOLD;
      if (!over) {
        above.delete(key);
        continue;
      }
      if (above.has(key)) continue;
      above.add(key);
      const percent = Math.round((figure.used / figure.total) * 10000) / 100;
      const entry: Alert = {
        id: store.eventIds.uuid(),
        type: alert.alertType,
        name: alert.name,
        description: `${alert.subject(zone.name)}; ${percent}% used (${figure.type === 0 ? `${Math.round(figure.used / MiB)} MB of ${Math.round(figure.total / MiB)} MB` : `${figure.used} of ${figure.total}`})`,
        zoneId: zone.id,
        sent: now,
      };
      store.alerts.set(entry.id, entry);
    }
  }
}
