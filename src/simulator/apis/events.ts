// Compute family (issue 14): what happened. listEvents shows the events every job and every change records
// (src/simulator/events.ts); archiveEvents and deleteEvents hide or remove them; listAlerts shows the capacity
// alerts the world raised; listCapacity each zone's capacity (CloudStack's ListEventsCmd, ListAlertsCmd,
// ListCapacityCmd; QueryManagerImpl.searchForEventsInternal lists the newest first).
import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import { eventTypes } from '../events.js';
import { CAPACITY_TYPES, capacityOf } from '../state/capacity.js';
import type { SimEvent } from '../state/model.js';
import { alertView, capacityView, eventTypeView, eventView, percentUsed } from '../views/compute.js';
import { listOf, matchesKeyword, ownerScope } from './listing.js';
import { type CallContext, defineApi, SUCCESS_FIELDS } from './types.js';

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (UTC), as ListEventsCmd takes dates. */
function timeOf(text: string | undefined, endOfDay: boolean): number | undefined {
  if (text === undefined) return undefined;
  const [day, time] = text.trim().split(/[ T]/);
  const parsed = Date.parse(`${day}T${time ?? (endOfDay ? '23:59:59' : '00:00:00')}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The events `ids`, `type`, `startdate` and `enddate` select for archiveEvents and deleteEvents. */
function selectedEvents(ctx: CallContext): SimEvent[] {
  const { params, store } = ctx;
  const ids = params.list('ids');
  const type = params.text('type');
  const start = timeOf(params.text('startdate'), false);
  const end = timeOf(params.text('enddate'), true);
  if (!ids && type === undefined && start === undefined && end === undefined) {
    throw invalidParameter('either event ids or type or enddate must be specified');
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidParameter('Start date must before end date');
  }
  const inScope = ownerScope({ ...ctx, params: ctx.params });
  return [...store.events.values()].filter(
    (e) =>
      (ctx.caller.isRootAdmin || inScope(e.accountId)) &&
      (!ids || ids.includes(e.id)) &&
      (type === undefined || e.type === type) &&
      (start === undefined || e.created >= start) &&
      (end === undefined || e.created <= end),
  );
}

const eventSelectionParams = [
  param('ids', 'list', 'the IDs of the events'),
  param('type', 'string', 'the event type'),
  param('startdate', 'date', 'start of the date range (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss), included'),
  param('enddate', 'date', 'end of the date range (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss), included'),
];

export const eventApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listEvents',
      description:
        'Lists events, newest first: what jobs and changes did (VM.CREATE, VM.START, VOLUME.CREATE, ...), with their state (Scheduled, Started, Completed) and level (INFO, ERROR).',
      isAsync: false,
      related: ['listEventTypes', 'listAsyncJobs'],
      params: [
        idParam('id', 'event', 'the ID of the event'),
        param('type', 'string', 'the event type (see listEventTypes)'),
        param('level', 'string', 'the event level (INFO, WARN, ERROR)'),
        param('startdate', 'date', 'only events at or after this date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)'),
        param('enddate', 'date', 'only events at or before this date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)'),
        param('duration', 'integer', 'the duration of the event'),
        param('entrytime', 'integer', 'the time the event was entered'),
        idParam('startid', 'event', 'only the events of the job this Scheduled event started'),
        param('resourceid', 'string', 'only events about this resource (its ID)', { since: '4.17.0' }),
        param('resourcetype', 'string', 'only events about resources of this type, e.g. VirtualMachine', {
          since: '4.17.0',
        }),
        ...ownerListParams('events'),
        ...pagingParams,
      ],
      response: eventView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const type = params.text('type')?.toUpperCase();
      const level = params.text('level')?.toUpperCase();
      const start = timeOf(params.text('startdate'), false);
      const end = timeOf(params.text('enddate'), true);
      const startId = params.id('startid');
      const resourceId = params.text('resourceid');
      const resourceType = params.text('resourcetype')?.toLowerCase();
      const keyword = params.text('keyword');
      const items = [...store.events.values()]
        .filter(
          (e) =>
            !e.archived &&
            inScope(e.accountId) &&
            (id === undefined || e.id === id) &&
            (type === undefined || e.type === type) &&
            (level === undefined || e.level === level) &&
            (start === undefined || e.created >= start) &&
            (end === undefined || e.created <= end) &&
            (startId === undefined || e.id === startId || e.startId === startId) &&
            (resourceId === undefined || e.resourceId === resourceId) &&
            (resourceType === undefined || e.resourceType?.toLowerCase() === resourceType) &&
            matchesKeyword(keyword, e.type, e.description),
        )
        .reverse();
      return listOf(ctx, 'event', items, eventView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listEventTypes',
      description: 'Lists the event types (VM.CREATE, VOLUME.CREATE, NET.IPASSIGN, ...).',
      isAsync: false,
      related: ['listEvents'],
      params: [],
      response: eventTypeView.fields,
    },
    handle(ctx) {
      // CloudStack answers every type at once, without paging.
      const types = eventTypes();
      return {
        count: types.length,
        eventtype: types.map((t) => eventTypeView.render(t, ctx.rc)),
      };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'archiveEvents',
      description: 'Archives events: listEvents no longer shows them.',
      isAsync: false,
      related: ['listEvents', 'deleteEvents'],
      params: eventSelectionParams,
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      for (const event of selectedEvents(ctx)) event.archived = true;
      return { success: true };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteEvents',
      description: 'Deletes events.',
      isAsync: false,
      related: ['listEvents', 'archiveEvents'],
      params: eventSelectionParams,
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      for (const event of selectedEvents(ctx)) {
        ctx.store.events.delete(event.id);
        ctx.store.markRemoved('event', event.id);
      }
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listAlerts',
      description:
        'Lists alerts the cloud raised, e.g. ALERT.MEMORY when a zone has 75% of its memory allocated.',
      isAsync: false,
      related: ['listCapacity'],
      params: [
        idParam('id', 'alert', 'the ID of the alert'),
        param('name', 'string', 'only alerts with this name, e.g. ALERT.MEMORY', { since: '4.3' }),
        param('type', 'string', 'only alerts of this type (0 memory, 1 CPU, 4 public IPs, ...)'),
        ...pagingParams,
      ],
      response: alertView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      const type = params.text('type');
      const keyword = params.text('keyword');
      const items = [...store.alerts.values()]
        .filter(
          (a) =>
            (id === undefined || a.id === id) &&
            (name === undefined || a.name === name) &&
            (type === undefined || String(a.type) === type) &&
            matchesKeyword(keyword, a.description),
        )
        .reverse();
      return listOf(ctx, 'alert', items, alertView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listCapacity',
      description:
        "Lists each zone's capacity by type: 0 memory, 1 CPU, 2 storage, 3 storage allocated, 4 public IPs, 5 private IPs, 6 secondary storage, 90 CPU cores.",
      isAsync: false,
      related: ['listZones', 'listAlerts'],
      params: [
        idParam('zoneid', 'zone', 'only the capacity of this zone'),
        idParam('podid', 'pod', 'only the capacity of this pod'),
        idParam('clusterid', 'cluster', 'only the capacity of this cluster', { since: '3.0.0' }),
        param('type', 'integer', 'only this capacity type (0 memory, 1 CPU, 2 storage, ...)'),
        param('fetchlatest', 'boolean', 'recalculate the figures first (they always are here)', {
          since: '3.0.0',
        }),
        param('sortby', 'string', 'Usage: the fullest first', { since: '3.0.0' }),
        ...pagingParams,
      ],
      response: capacityView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const zoneId = params.id('zoneid');
      const podId = params.id('podid');
      const clusterId = params.id('clusterid');
      const type = params.int('type');
      if (type !== undefined && !CAPACITY_TYPES.some((t) => t.type === type)) {
        throw invalidParameter(`Invalid capacity type ${type}`);
      }
      const sortBy = params.text('sortby');
      if (sortBy !== undefined && sortBy.toLowerCase() !== 'usage') {
        throw invalidParameter('Only value supported for sortBy parameter is : usage');
      }
      const pod = podId ? store.pods.get(podId) : undefined;
      const cluster = clusterId ? store.clusters.get(clusterId) : undefined;
      const zones = [...store.zones.values()].filter(
        (z) =>
          (zoneId === undefined || z.id === zoneId) &&
          (pod === undefined || pod.zoneId === z.id) &&
          (cluster === undefined || cluster.zoneId === z.id),
      );
      let items = zones
        // A cluster's figures name its pod too (CloudStack sums capacity per cluster with its pod).
        .flatMap((z) => capacityOf(store, { zoneId: z.id, podId: podId ?? cluster?.podId, clusterId }))
        .filter((c) => type === undefined || c.type === type);
      if (sortBy) items = [...items].sort((a, b) => Number(percentUsed(b)) - Number(percentUsed(a)));
      return listOf(ctx, 'capacity', items, capacityView);
    },
  }),
];
