// Reading lists within the token budget: one window starting at a global index, fetched with CloudStack's
// page/pagesize where the API pages (otherwise cut from the whole answer), ending at `limit` items or at
// the answer's byte budget, whichever comes first, with the total count and a signed cursor for the next
// window. CloudStack is read for about what the window can return (the item size seen so far rides in the
// cursor), in pages sized to the items wanted. Nothing is dropped without saying so.
import type { CatalogEntry } from '../catalog/catalog.js';
import { maskSecrets } from '../cloudstack/redact.js';
import type { ApiParams } from '../cloudstack/types.js';
import { ItemBudget, jsonBytes } from './budget.js';
import { cursorLength, decodeCursor, encodeCursor, type PageCursor } from './cursor.js';
import { ToolError } from './errors.js';
import {
  compact,
  FIELDS_HINT_BYTES,
  fieldPaths,
  findListItems,
  type JsonObject,
  selectFields,
  toTable,
  unmatchedFieldsHint,
  valuesAt,
} from './shape.js';
import type { ToolContext } from './tools/types.js';

/** CloudStack refuses a pagesize above default.page.size (500 by default). */
export const MAX_PAGE_SIZE = 500;

/** Pages in flight at once when `all` reads many pages. */
const PAGE_CONCURRENCY = 4;

/**
 * What one more request costs CloudStack next to reading items (authentication, the count query), in items:
 * choosing page sizes, two pages that read 40 items beat one that reads 100, but not one that reads 50.
 */
const REQUEST_COST = 32;

/** Room kept for what redaction may add to the items ([REDACTED] for a short value). */
const REDACTION_SLACK = 256;

const SIZE_HINT = 'cut at the answer size budget: pass fields to get more items per call';

export interface ListWindow {
  /** The total CloudStack reports. */
  count: number;
  returned: number;
  items: JsonObject[];
  /** Pass this back as `cursor` for the next items; absent on the last window. */
  nextCursor?: string;
  /** Why the window ended early, when it was the byte budget rather than `limit`. */
  hint?: string;
}

export interface ListRequest {
  entry: CatalogEntry;
  params: ApiParams;
  limit: number;
  /** Read pages several at a time (callApi's `all`), rather than one after another. */
  all?: boolean;
  /** Where to start, and the item size seen so far: the previous answer's `nextCursor`, opened. */
  cursor?: PageCursor;
  fields?: string[];
  /** Applied to each item when no `fields` were given (the curated tools' compact projection). */
  project?: (item: JsonObject) => JsonObject;
  signal?: AbortSignal;
}

/** The API answered with something other than a list (listCapabilities and friends). */
export class NotAListError extends Error {}

export function pages(entry: CatalogEntry): boolean {
  return entry.definition.paramDocs.some((param) => param.name === 'pagesize');
}

function shape(item: JsonObject, request: ListRequest): JsonObject {
  if (request.fields) return compact(selectFields(item, request.fields));
  return compact(request.project ? request.project(item) : item);
}

/** Raw items looked at for the names `fields` could take. */
const SAMPLE_ITEMS = 20;

/** Items kept so far, ending at `limit` or at the byte budget. */
class Window {
  /** With `fields`: the ones no item has had yet. */
  private readonly unmatched: Set<string>;
  /** The first raw items, for the names there are when a field matched nothing. */
  private readonly sample: JsonObject[] = [];

  constructor(
    private readonly request: ListRequest,
    readonly budget: ItemBudget,
  ) {
    this.unmatched = new Set(request.fields ?? []);
  }

  /** What to tell the agent when some of its `fields` matched no item of the window. */
  fieldsHint(): string | undefined {
    if (this.unmatched.size === 0 || this.items.length === 0) return undefined;
    return unmatchedFieldsHint([...this.unmatched], fieldPaths(this.sample));
  }

  private observe(item: JsonObject): void {
    if (this.sample.length < SAMPLE_ITEMS) this.sample.push(item);
    for (const field of this.unmatched) {
      if (valuesAt(item, field.split('.')).length > 0) this.unmatched.delete(field);
    }
  }

  get items(): JsonObject[] {
    return this.budget.items;
  }

  get done(): boolean {
    return this.budget.full || this.items.length >= this.request.limit;
  }

  /** Shapes and keeps items until the window is done; shapes nothing past that. */
  take(items: readonly JsonObject[]): void {
    for (const item of items) {
      if (this.done || !this.budget.add(shape(item, this.request))) return;
      if (this.request.fields) this.observe(item);
    }
  }
}

async function fetchList(context: ToolContext, request: ListRequest, params: ApiParams) {
  const name = request.entry.definition.name;
  const answer = await context.caller.request(name, params, request.signal ? { signal: request.signal } : {});
  const list = findListItems(answer);
  if (!list) throw new NotAListError(`${name} did not answer with a list`);
  return list;
}

/** Consecutive CloudStack pages of one size: `pages` of `pageSize` items, from page number `page`. */
export interface PageRun {
  page: number;
  pageSize: number;
  pages: number;
}

/**
 * The pages that cover items [from, from + n) at the least cost to CloudStack (items read plus REQUEST_COST
 * per request), in at most `maxPages` pages. The cursor holds an absolute index, so any page size will do:
 * CloudStack's page p of size s is items [(p - 1) * s, p * s).
 */
export function coveringPages(from: number, n: number, maxPages: number): PageRun {
  // A start on a multiple of n (every first window): one page of n reads nothing extra in one request,
  // which no other run beats (any run reads at least n items, and two requests cost REQUEST_COST more).
  if (maxPages >= 1 && n >= 1 && n <= MAX_PAGE_SIZE && from % n === 0)
    return { page: from / n + 1, pageSize: n, pages: 1 };
  const last = from + Math.max(1, n) - 1;
  // Pages of the largest size, however many that takes, when no size fits in `maxPages`.
  const firstLargest = Math.floor(from / MAX_PAGE_SIZE);
  const largest = Math.floor(last / MAX_PAGE_SIZE) - firstLargest + 1;
  let best: PageRun = { page: firstLargest + 1, pageSize: MAX_PAGE_SIZE, pages: largest };
  let bestCost = Number.POSITIVE_INFINITY;
  for (let size = 1; size <= MAX_PAGE_SIZE; size++) {
    const first = Math.floor(from / size);
    const pages = Math.floor(last / size) - first + 1;
    if (pages > maxPages) continue;
    const cost = pages * (size + REQUEST_COST);
    if (cost < bestCost) {
      bestCost = cost;
      best = { page: first + 1, pageSize: size, pages };
    }
  }
  return best;
}

/**
 * How many items the next read should cover from `pos`: what the window can still take by `limit` and, once
 * the size of an item is known (from this window or the cursor's), by the byte budget, with a little over so
 * that the item which no longer fits is read in the same request and items of varying size rarely need
 * another one. Without any size yet: one page, whose total tells the rest.
 */
function itemsToRead(request: ListRequest, window: Window, pos: number, end: number, itemBytes?: number) {
  const wanted = end - pos;
  const perRead = request.all ? (PAGE_CONCURRENCY - 1) * MAX_PAGE_SIZE : MAX_PAGE_SIZE;
  const bytes = window.budget.bytesPerItem ?? itemBytes;
  if (bytes === undefined) return Math.min(wanted, MAX_PAGE_SIZE);
  const fits = Math.floor(window.budget.left / Math.max(1, bytes));
  return Math.max(1, Math.min(wanted, perRead, fits + 1 + Math.ceil(fits / 16)));
}

/** Fills the window; returns CloudStack's total. */
async function fill(context: ToolContext, request: ListRequest, window: Window): Promise<number> {
  const start = request.cursor?.start ?? 0;
  const userPaging = request.params.page !== undefined || request.params.pagesize !== undefined;
  if (!pages(request.entry) || userPaging) {
    const list = await fetchList(context, request, request.params);
    window.take(list.items.slice(start));
    return Math.max(list.count, list.items.length);
  }
  // The cursor's item size applies only to items shaped the same way.
  const sameShape = JSON.stringify(request.cursor?.fields) === JSON.stringify(request.fields);
  const itemBytes = sameShape ? request.cursor?.itemBytes : undefined;
  let pos = start;
  let count: number | undefined;
  for (;;) {
    const end = Math.min(start + request.limit, count ?? Number.POSITIVE_INFINITY);
    const n = itemsToRead(request, window, pos, end, itemBytes);
    const maxPages = Math.min(request.all ? PAGE_CONCURRENCY : 2, Math.ceil(n / MAX_PAGE_SIZE) + 1);
    const run = coveringPages(pos, n, maxPages);
    // Every page of the run is needed for this window, so they are read together (one, most often).
    const pageOf = (i: number) =>
      fetchList(
        context,
        request,
        Object.assign({}, request.params, { page: run.page + i, pagesize: run.pageSize }),
      );
    const lists =
      run.pages === 1
        ? [await pageOf(0)]
        : await Promise.all(Array.from({ length: run.pages }, (_, i) => pageOf(i)));
    for (const [i, list] of lists.entries()) {
      const first = (run.page - 1 + i) * run.pageSize;
      count = list.count;
      window.take(list.items.slice(Math.max(0, pos - first)));
      pos = Math.max(pos, first + list.items.length);
      const last = list.items.length < run.pageSize || first + run.pageSize >= count;
      if (window.done || last) return count;
    }
  }
}

/** The envelope's bytes but for the API's name (serialised once, not on every call). */
let envelopeWithoutApi: number | undefined;

/** What the answer holds besides its items, at its largest (callApi adds api and status). */
export function envelopeBytes(api: string): number {
  envelopeWithoutApi ??= jsonBytes({
    api: '',
    status: 'done',
    count: Number.MAX_SAFE_INTEGER,
    returned: Number.MAX_SAFE_INTEGER,
    items: [],
    nextCursor: '',
    hint: SIZE_HINT,
  });
  // The name as a JSON string, less its two quotes (already counted).
  return envelopeWithoutApi + jsonBytes(api) - 2;
}

export async function readList(context: ToolContext, request: ListRequest): Promise<ListWindow> {
  const start = request.cursor?.start ?? 0;
  const api = request.entry.definition.name;
  const cursorAt = (next: number, itemBytes?: number): PageCursor => {
    const cursor: PageCursor = { api, params: request.params, start: next };
    if (pages(request.entry) && itemBytes !== undefined) cursor.itemBytes = Math.ceil(itemBytes);
    if (request.fields) cursor.fields = request.fields;
    return cursor;
  };
  const envelope =
    envelopeBytes(api) +
    cursorLength(context.signer, cursorAt(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  const maxBytes = context.limits.maxAnswerBytes;
  // With `fields`, room for saying which matched nothing (and which there are).
  const fieldsRoom = request.fields ? FIELDS_HINT_BYTES + 2 : 0;
  const window = new Window(
    request,
    new ItemBudget(maxBytes - envelope - fieldsRoom - REDACTION_SLACK, maxBytes, api),
  );
  const total = await fill(context, request, window);
  const items = window.items;
  const count = Math.max(total, start + items.length);
  const answer: ListWindow = { count, returned: items.length, items };
  const next = start + items.length;
  const hints: string[] = [];
  if (items.length > 0 && next < count) {
    answer.nextCursor = encodeCursor(context.signer, cursorAt(next, window.budget.bytesPerItem));
    if (window.budget.full) hints.push(SIZE_HINT);
  }
  const fieldsHint = window.fieldsHint();
  if (fieldsHint) hints.push(fieldsHint);
  if (hints.length > 0) answer.hint = hints.join('; ');
  return answer;
}

/** The cursor's contents, checked against the API it is used with. */
export function openCursor(context: ToolContext, token: string, api: string): PageCursor {
  let cursor: PageCursor;
  try {
    cursor = decodeCursor(context.signer, token);
  } catch (error) {
    throw new ToolError('invalid_params', (error as Error).message, { parameter: 'cursor' });
  }
  if (cursor.api.toLowerCase() !== api.toLowerCase()) {
    throw new ToolError('invalid_params', `this cursor belongs to ${cursor.api}, not ${api}`, {
      parameter: 'cursor',
    });
  }
  return cursor;
}

/** Every item of a list up to `cap`, raw (for `query`): CloudStack's total, and the items read. */
export interface EveryItem {
  count: number;
  items: JsonObject[];
}

/**
 * Reads a list from its start to its end or to `cap` items, whichever comes first, in pages of up to
 * MAX_PAGE_SIZE, PAGE_CONCURRENCY at a time once the first page has told the total. Items are kept raw:
 * a query is evaluated over CloudStack's own records, whatever their size, so the cap bounds the reading.
 */
export async function readEvery(
  context: ToolContext,
  request: Pick<ListRequest, 'entry' | 'params' | 'signal'> & { cap: number },
): Promise<EveryItem> {
  const listRequest: ListRequest = { ...request, limit: request.cap };
  const userPaging = request.params.page !== undefined || request.params.pagesize !== undefined;
  if (!pages(request.entry) || userPaging) {
    const list = await fetchList(context, listRequest, request.params);
    return { count: Math.max(list.count, list.items.length), items: list.items.slice(0, request.cap) };
  }
  const pageSize = Math.min(MAX_PAGE_SIZE, request.cap);
  const read = (page: number) =>
    fetchList(context, listRequest, { ...request.params, page, pagesize: pageSize });
  const first = await read(1);
  const items = [...first.items];
  const lastPage = Math.ceil(Math.min(first.count, request.cap) / pageSize);
  for (let page = 2; page <= lastPage && first.items.length === pageSize; page += PAGE_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(PAGE_CONCURRENCY, lastPage - page + 1) }, (_, i) =>
      read(page + i),
    );
    const lists = await Promise.all(batch);
    for (const list of lists) items.push(...list.items);
    if (lists.some((list) => list.items.length < pageSize)) break;
  }
  return { count: Math.max(first.count, items.length), items: items.slice(0, request.cap) };
}

/**
 * A window in the concise format: the items as columns plus rows, the rest as it is. Masked by field name
 * first: in a row a value has no name left for the answer's masking to go by (maskSecrets without known
 * secrets masks as redactSecrets does, and copies nothing when there is nothing to mask).
 */
export function tabulate(window: ListWindow) {
  const { columns, rows } = toTable(maskSecrets(window.items, []));
  const table: { count: number; columns: string[]; rows: unknown[][]; nextCursor?: string; hint?: string } = {
    count: window.count,
    columns,
    rows,
  };
  if (window.nextCursor !== undefined) table.nextCursor = window.nextCursor;
  if (window.hint !== undefined) table.hint = window.hint;
  return table;
}
