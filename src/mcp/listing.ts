// Reading lists within the token budget: one window starting at a global index, fetched with CloudStack's
// page/pagesize where the API pages (otherwise cut from the whole answer), ending at `limit` items or at
// the answer's byte budget, whichever comes first, with the total count and a signed cursor for the next
// window. Pages are read only while the window has room. Nothing is dropped without saying so.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { ApiParams } from '../cloudstack/types.js';
import { ItemBudget, jsonBytes } from './budget.js';
import { cursorLength, decodeCursor, encodeCursor, type PageCursor } from './cursor.js';
import { ToolError } from './errors.js';
import { compact, findListItems, type JsonObject, selectFields } from './shape.js';
import type { ToolContext } from './tools/types.js';

/** CloudStack refuses a pagesize above default.page.size (500 by default). */
export const MAX_PAGE_SIZE = 500;

/** Pages in flight at once when `all` reads many pages. */
const PAGE_CONCURRENCY = 4;

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
  /** Where to start: decoded from the previous answer's `nextCursor`. */
  start?: number;
  pageSize?: number;
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

/** Items kept so far, ending at `limit` or at the byte budget. */
class Window {
  constructor(
    private readonly request: ListRequest,
    readonly budget: ItemBudget,
  ) {}

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

/** Fills the window; returns CloudStack's total. */
async function fill(context: ToolContext, request: ListRequest, window: Window): Promise<number> {
  const start = request.start ?? 0;
  const userPaging = request.params.page !== undefined || request.params.pagesize !== undefined;
  if (!pages(request.entry) || userPaging) {
    const list = await fetchList(context, request, request.params);
    window.take(list.items.slice(start));
    return Math.max(list.count, list.items.length);
  }
  const pageSize = request.pageSize ?? Math.min(MAX_PAGE_SIZE, request.limit);
  let page = Math.floor(start / pageSize) + 1;
  let skip = start % pageSize;
  let count: number | undefined;
  for (;;) {
    // The first page alone tells the total; after that, `all` reads up to PAGE_CONCURRENCY pages at once,
    // no more than the window can still hold by item count.
    const wanted = count === undefined ? start + request.limit : Math.min(count, start + request.limit);
    const pagesLeft = Math.ceil((wanted - (page - 1) * pageSize) / pageSize);
    const wave = count === undefined || !request.all ? 1 : Math.max(1, Math.min(PAGE_CONCURRENCY, pagesLeft));
    const lists = await Promise.all(
      Array.from({ length: wave }, (_, i) =>
        fetchList(context, request, { ...request.params, page: page + i, pagesize: pageSize }),
      ),
    );
    for (const list of lists) {
      count = list.count;
      window.take(list.items.slice(skip));
      skip = 0;
      const last = list.items.length < pageSize || page * pageSize >= count;
      if (window.done || last) return count;
      page++;
    }
  }
}

export async function readList(context: ToolContext, request: ListRequest): Promise<ListWindow> {
  const start = request.start ?? 0;
  const api = request.entry.definition.name;
  const cursorAt = (next: number): PageCursor => {
    const cursor: PageCursor = { api, params: request.params, start: next };
    if (pages(request.entry)) cursor.pageSize = request.pageSize ?? Math.min(MAX_PAGE_SIZE, request.limit);
    if (request.fields) cursor.fields = request.fields;
    return cursor;
  };
  // What the answer holds besides its items, at its largest (callApi adds api and status).
  const envelope =
    jsonBytes({
      api,
      status: 'done',
      count: Number.MAX_SAFE_INTEGER,
      returned: Number.MAX_SAFE_INTEGER,
      items: [],
      nextCursor: '',
      hint: SIZE_HINT,
    }) + cursorLength(context.signer, cursorAt(Number.MAX_SAFE_INTEGER));
  const maxBytes = context.limits.maxAnswerBytes;
  const window = new Window(request, new ItemBudget(maxBytes - envelope - REDACTION_SLACK, maxBytes, api));
  const total = await fill(context, request, window);
  const items = window.items;
  const count = Math.max(total, start + items.length);
  const answer: ListWindow = { count, returned: items.length, items };
  const next = start + items.length;
  if (items.length > 0 && next < count) {
    answer.nextCursor = encodeCursor(context.signer, cursorAt(next));
    if (window.budget.full) answer.hint = SIZE_HINT;
  }
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
