// Names where people use names: a zone, template, service offering, network or VM given by name or id
// becomes its id. A UUID is taken as an id; a name is looked up exactly, then ignoring case, then (except for
// VMs) as a whole word or the start of a word of the name (`advanced` → `Sim-Advanced`, `small` → `Small
// Instance`), each step only when the one before found nothing. None or several matches give a short error
// with the nearest names as candidates (names only: ids where names alone cannot tell them apart).

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
  /**
   * Whether a word or the start of one may name it. Not for VMs: they are the user's own, many and alike
   * (web-1, web-2), and stopVM on the one VM that happens to match `web` is not a guess to make.
   */
  loose: boolean;
}

const kinds: Record<ResourceKind, KindSpec> = {
  zone: { label: 'zone', command: 'listZones', params: {}, nameFields: ['name'], loose: true },
  template: {
    label: 'template',
    command: 'listTemplates',
    params: { templatefilter: 'executable' },
    nameFields: ['name', 'displaytext'],
    loose: true,
  },
  serviceOffering: {
    label: 'service offering',
    command: 'listServiceOfferings',
    params: {},
    nameFields: ['name', 'displaytext'],
    loose: true,
  },
  network: {
    label: 'network',
    command: 'listNetworks',
    params: { listall: true },
    nameFields: ['name'],
    loose: true,
  },
  vm: {
    label: 'virtual machine',
    command: 'listVirtualMachines',
    params: { listall: true },
    nameFields: ['name', 'displayname'],
    loose: false,
  },
};

/** The list call (command and base parameters) that finds objects of a kind by name. */
export function listCallFor(kind: ResourceKind): { command: string; params: ApiParams } {
  const { command, params } = kinds[kind];
  return { command, params };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CANDIDATES = 500;
/** Candidates shown on not_found / ambiguous. */
const SHOWN_CANDIDATES = 5;
/** The shortest start of a word that may name something (`cen` for CentOS; `ce` is too little to go on). */
const MIN_PREFIX = 3;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface Resolved {
  id: string;
  /** The object as listed, when it was looked up by name. */
  item?: JsonObject;
}

const nameOf = (item: JsonObject) => String(item.name ?? item.displaytext ?? '?');

/** Names, and the id only beside a name that several candidates share (the name alone cannot pick one). */
function candidateNames(items: JsonObject[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(nameOf(item), (counts.get(nameOf(item)) ?? 0) + 1);
  return items.map((item) =>
    (counts.get(nameOf(item)) ?? 0) > 1 ? `${nameOf(item)} (id ${String(item.id)})` : nameOf(item),
  );
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
  // a substring match, or ignored). Only exact matches are trusted from that filtered list: a word of a
  // displaytext is not something CloudStack's name filter looks at.
  const named = await context.caller.listAll<JsonObject>(
    spec.command,
    acceptedParams(context, spec.command, { ...base, name: trimmed }),
    options,
  );
  let matches = exactMatches(named.items, spec, trimmed);
  let pool = named.items;
  if (matches.length === 0) {
    const everything = await context.caller.listAll<JsonObject>(
      spec.command,
      acceptedParams(context, spec.command, base),
      options,
    );
    pool = everything.items;
    matches = exactMatches(pool, spec, trimmed);
    if (matches.length === 0 && spec.loose) matches = looseMatches(pool, spec, trimmed);
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
      `${unique.length} ${spec.label}s match "${trimmed}": give a full name or the id.`,
      { resource: kind, candidates: candidateNames(unique.slice(0, SHOWN_CANDIDATES)) },
    );
  }
  const closest = nearest(dedupeById(pool), spec, trimmed);
  const where = scope.zoneId && kind !== 'zone' ? ' in that zone' : '';
  const none = closest.length === 0 ? `; there are none${where}` : '';
  throw new ToolError('not_found', `No ${spec.label} named "${trimmed}"${where}${none}.`, {
    resource: kind,
    candidates: candidateNames(closest),
  });
}

function exactMatches(items: JsonObject[], spec: KindSpec, name: string): JsonObject[] {
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Items where `name` is a whole word (or words) of a name field; failing that, the start of a word. */
function looseMatches(items: JsonObject[], spec: KindSpec, name: string): JsonObject[] {
  const text = escapeRegExp(name.toLowerCase());
  const start = '(?:^|[^a-z0-9])';
  const tiers = [new RegExp(`${start}${text}(?:$|[^a-z0-9])`)];
  if (name.length >= MIN_PREFIX) tiers.push(new RegExp(`${start}${text}`));
  for (const pattern of tiers) {
    const found = items.filter((item) =>
      spec.nameFields.some(
        (field) => typeof item[field] === 'string' && pattern.test((item[field] as string).toLowerCase()),
      ),
    );
    if (found.length > 0) return found;
  }
  return [];
}

/** The names closest to `name`: by edit distance to the whole name or to its closest word. */
function nearest(items: JsonObject[], spec: KindSpec, name: string): JsonObject[] {
  const distance = (item: JsonObject): number => {
    let best = Number.POSITIVE_INFINITY;
    for (const field of spec.nameFields) {
      const value = item[field];
      if (typeof value !== 'string') continue;
      best = Math.min(best, editDistance(name, value));
      for (const word of value.split(/[^A-Za-z0-9]+/).filter(Boolean)) {
        // A near word is a strong hint, but the whole name still breaks ties.
        best = Math.min(best, editDistance(name, word) + 0.5);
      }
    }
    return best;
  };
  return items
    .map((item) => ({ item, distance: distance(item) }))
    .sort((a, b) => a.distance - b.distance || nameOf(a.item).localeCompare(nameOf(b.item)))
    .slice(0, SHOWN_CANDIDATES)
    .map(({ item }) => item);
}

/** listTemplates lists a template once per zone: the same id is one template. */
function dedupeById(items: JsonObject[]): JsonObject[] {
  const seen = new Map<string, JsonObject>();
  for (const item of items) if (!seen.has(String(item.id))) seen.set(String(item.id), item);
  return [...seen.values()];
}

export interface NameRequest {
  /** The tool argument the name came from (`zone`, `template`, `networks[1]`). */
  argument: string;
  kind: ResourceKind;
  value: string;
}

/**
 * Several names at once, for a tool that takes several (deployVM): the zone first, when there is one, to
 * scope the others; then the rest together. Every name that does not resolve (not_found, ambiguous) is
 * reported in one error, each with its candidates, rather than one per call. Any other failure (policy,
 * CloudStack) is thrown as it is.
 */
export async function resolveNames(
  context: ToolContext,
  requests: NameRequest[],
  signal?: AbortSignal,
): Promise<Resolved[]> {
  const failures: { argument: string; error: ToolError }[] = [];
  const settle = async (request: NameRequest, zoneId?: string): Promise<Resolved | undefined> => {
    try {
      return await resolveResource(context, request.kind, request.value, {
        ...(zoneId ? { zoneId } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof ToolError && (error.kind === 'not_found' || error.kind === 'ambiguous')) {
        failures.push({ argument: request.argument, error });
        return undefined;
      }
      throw error;
    }
  };
  const zoneIndex = requests.findIndex((request) => request.kind === 'zone');
  const zone = zoneIndex >= 0 ? await settle(requests[zoneIndex] as NameRequest) : undefined;
  // An unknown zone does not stop the others: they are looked up in every zone instead.
  const results = await Promise.all(
    requests.map((request, index) => (index === zoneIndex ? zone : settle(request, zone?.id))),
  );
  if (failures.length === 1) throw (failures[0] as { error: ToolError }).error;
  if (failures.length > 1) {
    const order = requests.map((request) => request.argument);
    failures.sort((a, b) => order.indexOf(a.argument) - order.indexOf(b.argument));
    const said = failures.map(({ argument, error }) => {
      const value = requests.find((request) => request.argument === argument)?.value ?? '';
      return `${argument} "${value.trim()}" (${error.kind === 'ambiguous' ? 'ambiguous' : 'not found'})`;
    });
    const kind = failures.some(({ error }) => error.kind === 'not_found') ? 'not_found' : 'ambiguous';
    throw new ToolError(kind, `Unresolved: ${said.join(', ')}.`, {
      unresolved: Object.fromEntries(
        failures.map(({ argument, error }) => [argument, error.details.candidates ?? []]),
      ),
    });
  }
  return results as Resolved[];
}
