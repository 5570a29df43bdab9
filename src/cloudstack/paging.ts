// Fetching every page of a list API. The first page tells `count`; the remaining pages are fetched with a
// bounded number in flight and put back in page order. Fetching stops at `count`, at a short or empty page
// (the list shrank meanwhile, or the server sends no `count`), or at `maxItems`.
import type { ListAllResult } from './types.js';

export const DEFAULT_PAGE_SIZE = 500; // CloudStack's default.page.size, the largest pagesize it accepts
export const DEFAULT_PAGE_CONCURRENCY = 4;

export interface PageFetchOptions {
  pageSize: number;
  concurrency: number;
  maxItems?: number;
}

/** The list in a list answer: the one array field besides `count` (`{}` means an empty list). */
export function findItemKey(response: Readonly<Record<string, unknown>>): string | undefined {
  return Object.keys(response).find((key) => key !== 'count' && Array.isArray(response[key]));
}

function pageItems(response: Readonly<Record<string, unknown>>, itemKey: string | undefined): unknown[] {
  const items = itemKey === undefined ? undefined : response[itemKey];
  return Array.isArray(items) ? items : [];
}

/**
 * Items shift between pages when the list changes while it is read; an item seen twice is kept once, at its
 * first place. "The same item" is the same `id` in the same zone: listTemplates and listIsos give one row
 * per zone a template is in, all under the template's one id, and those rows are all wanted.
 */
function dropRepeatedIds<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (typeof item !== 'object' || item === null) return true;
    const { id, zoneid } = item as { id?: unknown; zoneid?: unknown };
    if (typeof id !== 'string') return true;
    const key = typeof zoneid === 'string' ? `${id} ${zoneid}` : id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function fetchAllPages<T>(
  fetchPage: (page: number) => Promise<Record<string, unknown>>,
  options: PageFetchOptions,
): Promise<ListAllResult<T>> {
  const { pageSize } = options;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const first = await fetchPage(1);
  let itemKey = findItemKey(first);
  const firstItems = pageItems(first, itemKey);
  const reported = typeof first.count === 'number' ? first.count : undefined;

  const pages: unknown[][] = [firstItems];
  let lastPage = firstItems.length < pageSize ? 1 : Number.POSITIVE_INFINITY;
  if (reported !== undefined) lastPage = Math.min(lastPage, Math.max(1, Math.ceil(reported / pageSize)));
  lastPage = Math.min(lastPage, Math.max(1, Math.ceil(maxItems / pageSize)));

  // Workers take the next page number until the last page is known to be reached. Without `count`
  // the end is only found by a short page, so pages are then fetched one at a time.
  const concurrency = reported === undefined ? 1 : Math.max(1, Math.floor(options.concurrency));
  let nextPage = 2;
  let fetched = 1;
  let failed = false;
  const worker = async () => {
    while (!failed && nextPage <= lastPage) {
      const page = nextPage++;
      let response: Record<string, unknown>;
      try {
        response = await fetchPage(page);
      } catch (error) {
        failed = true; // no new pages once one has failed
        throw error;
      }
      fetched++;
      itemKey ??= findItemKey(response);
      const items = pageItems(response, itemKey);
      pages[page - 1] = items;
      if (items.length < pageSize) lastPage = Math.min(lastPage, page);
      // A server that ignores `page` (and sends no count) would repeat itself forever.
      if (reported === undefined && JSON.stringify(items) === JSON.stringify(pages[page - 2])) {
        pages.length = page - 1;
        lastPage = page - 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const items = dropRepeatedIds(pages.slice(0, lastPage).flat());
  if (items.length > maxItems) items.length = maxItems;
  return { count: reported ?? items.length, items: items as T[], itemKey, pages: fetched };
}
