// Reading lists within the token budget: one window of `limit` items starting at a global index, fetched
// with CloudStack's page/pagesize where the API pages (otherwise cut from the whole answer), with the total
// count and a signed cursor for the next window. Nothing is dropped without saying so.
import type { CatalogEntry } from '../catalog/catalog.js';
import type { ApiParams } from '../cloudstack/types.js';
import { decodeCursor, encodeCursor, type PageCursor } from './cursor.js';
import { ToolError } from './errors.js';
import { compact, findListItems, type JsonObject, selectFields } from './shape.js';
import type { ToolContext } from './tools/types.js';

/** CloudStack refuses a pagesize above default.page.size (500 by default). */
export const MAX_PAGE_SIZE = 500;

export interface ListWindow {
  /** The total CloudStack reports. */
  count: number;
  returned: number;
  items: JsonObject[];
  /** Pass this back as `cursor` for the next items; absent on the last window. */
  nextCursor?: string;
}

export interface ListRequest {
  entry: CatalogEntry;
  params: ApiParams;
  limit: number;
  /** Fetch every page up to `limit` items (in parallel), rather than one window of `limit`. */
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

function shapeItems(items: JsonObject[], request: ListRequest): JsonObject[] {
  return items.map((item) => {
    if (request.fields) return compact(selectFields(item, request.fields));
    return compact(request.project ? request.project(item) : item);
  });
}

async function fetchWindow(
  context: ToolContext,
  request: ListRequest,
): Promise<{ count: number; items: JsonObject[] }> {
  const { caller } = context;
  const name = request.entry.definition.name;
  const start = request.start ?? 0;
  const options = request.signal ? { signal: request.signal } : {};
  const userPaging = request.params.page !== undefined || request.params.pagesize !== undefined;

  if (!pages(request.entry) || userPaging) {
    const answer = await caller.request(name, request.params, options);
    const list = findListItems(answer);
    if (!list) throw new NotAListError(`${name} did not answer with a list`);
    return {
      count: Math.max(list.count, list.items.length),
      items: list.items.slice(start, start + request.limit),
    };
  }
  if (request.all && start === 0) {
    const pageSize = Math.min(MAX_PAGE_SIZE, request.limit);
    const result = await caller.listAll<JsonObject>(name, request.params, {
      ...options,
      pageSize,
      maxItems: request.limit,
    });
    return {
      count: Math.max(result.count, result.items.length),
      items: result.items.slice(0, request.limit),
    };
  }
  const pageSize = request.pageSize ?? Math.min(MAX_PAGE_SIZE, request.limit);
  const items: JsonObject[] = [];
  let count = 0;
  let page = Math.floor(start / pageSize) + 1;
  let skip = start % pageSize;
  while (items.length < request.limit) {
    const answer = await caller.request(name, { ...request.params, page, pagesize: pageSize }, options);
    const list = findListItems(answer);
    if (!list) throw new NotAListError(`${name} did not answer with a list`);
    count = list.count;
    items.push(...list.items.slice(skip, skip + request.limit - items.length));
    if (list.items.length < pageSize || page * pageSize >= count) break;
    page++;
    skip = 0;
  }
  return { count: Math.max(count, start + items.length), items };
}

export async function readList(context: ToolContext, request: ListRequest): Promise<ListWindow> {
  const { count, items } = await fetchWindow(context, request);
  const start = request.start ?? 0;
  const window: ListWindow = { count, returned: items.length, items: shapeItems(items, request) };
  const next = start + items.length;
  if (items.length > 0 && next < count) {
    const cursor: PageCursor = { api: request.entry.definition.name, params: request.params, start: next };
    if (pages(request.entry)) cursor.pageSize = request.pageSize ?? Math.min(MAX_PAGE_SIZE, request.limit);
    if (request.fields) cursor.fields = request.fields;
    window.nextCursor = encodeCursor(context.signer, cursor);
  }
  return window;
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
