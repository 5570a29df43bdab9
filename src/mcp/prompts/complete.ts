// completion/complete for prompt arguments that name cloud objects: one list call to CloudStack, through the
// GuardedCaller (so an API the policy refuses gives nothing), with a small page and a short deadline. What
// the user typed narrows it twice: CloudStack's `keyword` (a "contains" match on the name) keeps the page
// relevant, then only names starting with the text, ignoring case, are offered. Arguments already given
// narrow it too: templates, networks and VMs of the chosen zone. Any failure (CloudStack down, refused,
// too slow) is an empty completion: a completion is a hint while typing, never an error for the client.
import type { CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import { findItemKey } from '../../cloudstack/paging.js';
import type { ApiParams } from '../../cloudstack/types.js';
import { acceptedParams, isUuid, listCallFor } from '../resolve.js';
import { isPlainObject, type JsonObject } from '../shape.js';
import type { ToolContext } from '../tools/types.js';
import type { CompletionKind, PromptArgs } from './types.js';

/** Items read per completion: one page, small enough to answer while the user types. */
export const COMPLETION_PAGE_SIZE = 50;
/** The whole completion's deadline, retries included. */
export const COMPLETION_TIMEOUT_MS = 2_000;
/** The spec's cap on values in one completion. */
const MAX_VALUES = 100;

/** The spec's completion: at most 100 values, with `total` when known and `hasMore`. */
export type Completion = CompleteResult['completion'];

export const emptyCompletion = (): Completion => ({ values: [], total: 0, hasMore: false });

interface KindSpec {
  command: string;
  params: ApiParams;
  /** What the value is: the object's name, or (jobs, which have none) its id. */
  value: (item: JsonObject) => string | undefined;
  /** Whether the zone given beside it narrows the list. */
  zoned: boolean;
  /** Whether CloudStack's keyword matches what is completed (a job's keyword matches its command). */
  keyword: boolean;
  /** The order values are offered in, when not by name: for jobs, failed ones first, then the newest. */
  order?: (a: JsonObject, b: JsonObject) => number;
}

/** Failed jobs first (jobstatus 2: what explain-job-failure is for), then the newest. */
const failedNewestFirst = (a: JsonObject, b: JsonObject) =>
  Number(b.jobstatus === 2) - Number(a.jobstatus === 2) ||
  String(b.created ?? '').localeCompare(String(a.created ?? ''));

const byName = (item: JsonObject) => (typeof item.name === 'string' ? item.name : undefined);

// The same list calls and base parameters as name resolution (resolve.ts), so what completes resolves.
const kinds: Record<CompletionKind, KindSpec> = {
  zone: { ...listCallFor('zone'), value: byName, zoned: false, keyword: true },
  template: { ...listCallFor('template'), value: byName, zoned: true, keyword: true },
  serviceOffering: { ...listCallFor('serviceOffering'), value: byName, zoned: false, keyword: true },
  network: { ...listCallFor('network'), value: byName, zoned: true, keyword: true },
  vm: { ...listCallFor('vm'), value: byName, zoned: true, keyword: true },
  job: {
    command: 'listAsyncJobs',
    params: { listall: true },
    value: (item) => (typeof item.jobid === 'string' ? item.jobid : undefined),
    zoned: false,
    keyword: false,
    order: failedNewestFirst,
  },
};

export function completionCommand(kind: CompletionKind): string {
  return kinds[kind].command;
}

/** Whether a listed object is in the zone given by name or id (objects that do not say are kept). */
function inZone(item: JsonObject, zone: string): boolean {
  const name = typeof item.zonename === 'string' ? item.zonename : undefined;
  const id = typeof item.zoneid === 'string' ? item.zoneid : undefined;
  if (name === undefined && id === undefined) return true;
  return name?.toLowerCase() === zone.toLowerCase() || id === zone;
}

/** A list answer's items: its one array of records (`{count, template: [...]}`; `{}` when empty). */
function listedItems(answer: JsonObject): JsonObject[] {
  const key = findItemKey(answer);
  const items = key === undefined ? [] : (answer[key] as unknown[]);
  return items.filter(isPlainObject);
}

export async function completeFromCloud(
  context: ToolContext,
  kind: CompletionKind,
  typed: string,
  given: PromptArgs,
  signal?: AbortSignal,
): Promise<Completion> {
  const spec = kinds[kind];
  const prefix = typed.trim().toLowerCase();
  const params: Record<string, string | boolean> = { ...(spec.params as Record<string, string | boolean>) };
  if (spec.keyword && prefix !== '') params.keyword = typed.trim();
  // A zone by id goes to CloudStack; a zone by name (what zone completion offers) is matched on the
  // items' zonename, so completion stays one call (no listZones to turn the name into an id).
  const zone = spec.zoned ? given.zone?.trim() : undefined;
  if (zone && isUuid(zone)) params.zoneid = zone;
  const filterZone = zone && !isUuid(zone) ? zone : undefined;

  // Refused by the policy: nothing, without a call (a denied API's data must not appear, even as names).
  if (!context.caller.check(spec.command, params).allowed) return emptyCompletion();

  const deadline = AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
  try {
    // One request, not listAll: paging drops a second row with the same id, and a template is listed
    // once per zone under one id, so the chosen zone's row could go.
    const answer = await context.caller.request<JsonObject>(
      spec.command,
      acceptedParams(context, spec.command, { ...params, page: 1, pagesize: COMPLETION_PAGE_SIZE }),
      { timeoutMs: COMPLETION_TIMEOUT_MS, signal: signal ? AbortSignal.any([signal, deadline]) : deadline },
    );
    const items = listedItems(answer);
    const count = typeof answer.count === 'number' ? answer.count : items.length;
    const matching = items.filter((item) => {
      if (filterZone && !inZone(item, filterZone)) return false;
      return spec.value(item)?.toLowerCase().startsWith(prefix) === true;
    });
    if (spec.order) matching.sort(spec.order);
    const named = matching.map((item) => spec.value(item) ?? '');
    if (!spec.order) named.sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    // One value per name: a template is listed once per zone.
    const values = [...new Set(named)];
    // More may match beyond the page read: then how many is not known, and total is left out.
    const more = count > items.length;
    return {
      values: values.slice(0, MAX_VALUES),
      ...(more ? {} : { total: values.length }),
      hasMore: more || values.length > MAX_VALUES,
    };
  } catch (error) {
    context.logger.debug('completion gave nothing', {
      command: spec.command,
      error: error instanceof Error ? error.message : String(error),
    });
    return emptyCompletion();
  }
}
