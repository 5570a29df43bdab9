// Compute family (issue 14): affinity groups, events, alerts and zone capacity, with CloudStack's field names.
import { resourceNameOf } from '../events.js';
import type { AffinityGroup, Alert, SimEvent } from '../state/model.js';
import { ownerFields } from './common.js';
import { field, formatDate, jobFields, View } from './view.js';

export const affinityGroupView = new View<AffinityGroup>([
  field('id', 'string', 'ID of the affinity group', (g) => g.id),
  field('name', 'string', 'name of the affinity group', (g) => g.name),
  field('description', 'string', 'description of the affinity group', (g) => g.description),
  ...ownerFields<AffinityGroup>('affinity group'),
  field('type', 'string', 'type: host anti-affinity or host affinity', (g) => g.type),
  field('virtualmachineIds', 'list', 'IDs of the virtual machines in the group', (g) =>
    g.vmIds.length > 0 ? [...g.vmIds] : undefined,
  ),
  ...jobFields<AffinityGroup>(),
]);

/** The `affinitygroup` entries of a VM (no job fields, as in CloudStack's nested response). */
export const vmAffinityGroupView = new View<AffinityGroup>(
  affinityGroupView.defsFor<AffinityGroup>().filter((def) => !def.name.startsWith('job')),
);

export const affinityGroupTypeView = new View<string>([
  field('type', 'string', 'the affinity group type', (t) => t),
]);

export const eventView = new View<SimEvent>([
  field('id', 'string', 'ID of the event', (e) => e.id),
  field(
    'username',
    'string',
    'name of the user who caused the event',
    (e, rc) => rc.store.users.get(e.userId)?.username,
  ),
  field('type', 'string', 'event type, e.g. VM.START', (e) => e.type),
  field('level', 'string', 'level: INFO, WARN or ERROR', (e) => e.level),
  field('description', 'string', 'what happened', (e) => e.description),
  field('resourceid', 'string', 'ID of the resource the event is about', (e) => e.resourceId),
  field('resourcetype', 'string', 'type of that resource', (e) => e.resourceType),
  field(
    'resourcename',
    'string',
    'name of that resource',
    (e, rc) => resourceNameOf(rc.store, e.resourceType, e.resourceId) ?? e.resourceName,
  ),
  ...ownerFields<SimEvent>('event'),
  field('created', 'date', 'when the event happened', (e) => formatDate(e.created)),
  field('state', 'state', 'Created, Scheduled, Started or Completed', (e) => e.state),
  field('parentid', 'string', 'ID of the Scheduled event this one continues', (e) => e.startId),
  ...jobFields<SimEvent>(),
]);

export const eventTypeView = new View<string>([field('name', 'string', 'the event type', (t) => t)]);

export const alertView = new View<Alert>([
  field('id', 'string', 'ID of the alert', (a) => a.id),
  field(
    'type',
    'short',
    'alert type (AlertManager.AlertType: 0 memory, 1 CPU, 4 public IPs, ...)',
    (a) => a.type,
  ),
  field('name', 'string', 'name of the alert type, e.g. ALERT.MEMORY', (a) => a.name),
  field('description', 'string', 'what the alert says', (a) => a.description),
  field('sent', 'date', 'when the alert was raised', (a) => formatDate(a.sent)),
  ...jobFields<Alert>(),
]);

/** One capacity figure of a zone (CloudStack's CapacityResponse). */
export interface CapacityFigure {
  id: string;
  type: number;
  name: string;
  zoneId: string;
  podId: string | undefined;
  clusterId: string | undefined;
  total: number;
  used: number;
}

export function percentUsed(figure: CapacityFigure): string {
  return figure.total === 0 ? '0' : String(Math.round((figure.used / figure.total) * 10000) / 100);
}

export const capacityView = new View<CapacityFigure>([
  field(
    'type',
    'short',
    'capacity type (0 memory, 1 CPU, 2 storage, 3 storage allocated, 4 public IPs, ...)',
    (c) => c.type,
  ),
  field('name', 'string', 'name of the capacity type', (c) => c.name),
  field('zoneid', 'string', 'ID of the zone', (c) => c.zoneId),
  field('zonename', 'string', 'name of the zone', (c, rc) => rc.store.zones.get(c.zoneId)?.name),
  field('podid', 'string', 'ID of the pod, when listed by pod', (c) => c.podId),
  field('podname', 'string', 'name of that pod', (c, rc) =>
    c.podId ? rc.store.pods.get(c.podId)?.name : undefined,
  ),
  field('clusterid', 'string', 'ID of the cluster, when listed by cluster', (c) => c.clusterId),
  field('clustername', 'string', 'name of that cluster', (c, rc) =>
    c.clusterId ? rc.store.clusters.get(c.clusterId)?.name : undefined,
  ),
  field('capacitytotal', 'long', 'total capacity', (c) => c.total),
  field('capacityused', 'long', 'capacity in use', (c) => c.used),
  field('capacityallocated', 'long', 'capacity allocated', (c) => c.used),
  field('percentused', 'string', 'share in use, in percent', (c) => percentUsed(c)),
]);
