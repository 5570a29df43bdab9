// Names where people use names: a zone, template, service offering, network or VM given by name or id
// becomes its id. A UUID is taken as an id; a name is looked up, exactly (then ignoring case); none or
// several matches give a clear error that lists the candidates.

import { editDistance } from '../catalog/suggest.js';
import type { ApiParams } from '../cloudstack/types.js';
import { ToolError } from './errors.js';
import type { JsonObject } from './shape.js';
import type { ToolContext } from './tools/types.js';

export type ResourceKind = 'zone' | 'template' | 'serviceOffering' | 'network' | 'vm';

interface KindSpec {
  label: string;
  command: string;
  params: ApiParams;
  /** Fields an agent might call the name. */
  nameFields: string[];
}

const kinds: Record<ResourceKind, KindSpec> = {
  zone: { label: 'zone', command: 'listZones', params: {}, nameFields: ['name'] },
  template: {
    label: 'template',
    command: 'listTemplates',
    params: { templatefilter: 'executable' },
    nameFields: ['name', 'displaytext'],
  },
  serviceOffering: {
    label: 'service offering',
    command: 'listServiceOfferings',
    params: {},
    nameFields: ['name', 'displaytext'],
  },
  network: { label: 'network', command: 'listNetworks', params: { listall: true }, nameFields: ['name'] },
  vm: {
    label: 'virtual machine',
    command: 'listVirtualMachines',
    params: { listall: true },
    nameFields: ['name', 'displayname'],
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CANDIDATES = 500;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface Resolved {
  id: string;
  /** The object as listed, when it was looked up by name. */
  item?: JsonObject;
}

function describeCandidate(item: JsonObject): string {
  const where = typeof item.zonename === 'string' ? `, zone ${item.zonename}` : '';
  return `${String(item.name ?? item.displaytext ?? '?')} (id ${String(item.id)}${where})`;
}

/** Only parameters the list API accepts (the bindings may describe an older or smaller API). */
export function acceptedParams(context: ToolContext, command: string, params: ApiParams): ApiParams {
  const entry = context.catalog.get(command);
  if (!entry) return params;
  const known = new Set(entry.definition.paramDocs.map((param) => param.name));
  return Object.fromEntries(Object.entries(params).filter(([name]) => known.has(name)));
}

export async function resolveResource(
  context: ToolContext,
  kind: ResourceKind,
  value: string,
  scope: { zoneId?: string; signal?: AbortSignal } = {},
): Promise<Resolved> {
  const trimmed = value.trim();
  if (isUuid(trimmed)) return { id: trimmed };
  const spec = kinds[kind];
  const base: Record<string, string | boolean> = { ...(spec.params as Record<string, string | boolean>) };
  if (scope.zoneId && kind !== 'zone') base.zoneid = scope.zoneId;
  const options = { maxItems: MAX_CANDIDATES, ...(scope.signal ? { signal: scope.signal } : {}) };
  // The policy covers look-ups too: a name cannot be resolved with a list API it refuses.
  context.caller.assert(
    spec.command,
    base,
    `to find the ${spec.label} named "${trimmed}"; give its id instead`,
  );

  // Ask CloudStack to filter by name where the API can, then match exactly here (its `name` filter may be
  // a substring match, or ignored).
  const named = await context.caller.listAll<JsonObject>(
    spec.command,
    acceptedParams(context, spec.command, { ...base, name: trimmed }),
    options,
  );
  let matches = findMatches(named.items, spec, trimmed);
  let pool = named.items;
  if (matches.length === 0) {
    const everything = await context.caller.listAll<JsonObject>(
      spec.command,
      acceptedParams(context, spec.command, base),
      options,
    );
    pool = everything.items;
    matches = findMatches(pool, spec, trimmed);
  }
  let unique = dedupeById(matches);
  if (kind === 'vm' && unique.length > 1) {
    // A destroyed VM keeps its name until it is expunged: the live one is meant.
    const live = unique.filter((item) => item.state !== 'Destroyed' && item.state !== 'Expunging');
    if (live.length >= 1) unique = live;
  }
  if (unique.length === 1) {
    const item = unique[0] as JsonObject;
    return { id: String(item.id), item };
  }
  if (unique.length > 1) {
    throw new ToolError(
      'ambiguous',
      `${unique.length} ${spec.label}s are named "${trimmed}": ${unique.slice(0, 10).map(describeCandidate).join('; ')}. Give the id instead.`,
      {
        resource: kind,
        candidates: unique
          .slice(0, 10)
          .map((item) => ({ id: item.id, name: item.name, zonename: item.zonename })),
      },
    );
  }
  const closest = [...pool]
    .map((item) => ({ item, distance: editDistance(trimmed, String(item.name ?? '')) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 8)
    .map(({ item }) => item);
  const where = scope.zoneId && kind !== 'zone' ? ' in that zone' : '';
  const listing =
    closest.length > 0
      ? ` Available: ${closest.map(describeCandidate).join('; ')}.`
      : ` There are none${where}.`;
  throw new ToolError('not_found', `No ${spec.label} named "${trimmed}"${where}.${listing}`, {
    resource: kind,
    candidates: closest.map((item) => ({ id: item.id, name: item.name })),
  });
}

function findMatches(items: JsonObject[], spec: KindSpec, name: string): JsonObject[] {
  for (const field of spec.nameFields) {
    const exact = items.filter((item) => item[field] === name);
    if (exact.length > 0) return exact;
  }
  const lower = name.toLowerCase();
  for (const field of spec.nameFields) {
    const loose = items.filter(
      (item) => typeof item[field] === 'string' && (item[field] as string).toLowerCase() === lower,
    );
    if (loose.length > 0) return loose;
  }
  return [];
}

/** listTemplates lists a template once per zone: the same id is one template. */
function dedupeById(items: JsonObject[]): JsonObject[] {
  const seen = new Map<string, JsonObject>();
  for (const item of items) if (!seen.has(String(item.id))) seen.set(String(item.id), item);
  return [...seen.values()];
}
