// How much a list read costs CloudStack: following nextCursor (with and without `all`) under the answer byte
// budget must read about what it returns, in pages of any size, and deliver every item exactly once.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiParams, CallOptions } from '../../src/cloudstack/types.js';
import { coveringPages, MAX_PAGE_SIZE } from '../../src/mcp/listing.js';
import { FakeCloudStack } from './fake-cloudstack.js';
import { call, connect, type Harness } from './harness.js';

/** Counts the pages in flight at once. */
class CountingCloudStack extends FakeCloudStack {
  inFlight = 0;
  maxInFlight = 0;

  override async request<T = Record<string, unknown>>(
    command: string,
    params: ApiParams = {},
    options: CallOptions = {},
  ): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await super.request<T>(command, params, options);
    } finally {
      this.inFlight--;
    }
  }

  /** VM list requests so far, and the items CloudStack answered them with. */
  vmReads(): { requests: number; items: number } {
    let items = 0;
    const reads = this.calls.filter((entry) => entry.command === 'listVirtualMachines');
    for (const { params } of reads) {
      const size = Number(params.pagesize ?? this.vms.length);
      const first = (Number(params.page ?? 1) - 1) * size;
      items += Math.max(0, Math.min(size, this.vms.length - first));
    }
    return { requests: reads.length, items };
  }
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** VMs whose records vary in size (a deterministic spread from ~0.6 KB to ~2.6 KB). */
function vmsOfVaryingSize(cloud: FakeCloudStack, count: number, spread = 2000): void {
  cloud.addVms(count);
  for (const [i, vm] of cloud.vms.entries()) {
    vm.details = { note: 'x'.repeat((i * 7919) % (spread + 1)) };
  }
}

interface Walk {
  calls: number;
  returned: number;
  maxBytes: number;
  pagesPerCall: number[];
}

/** Follows nextCursor to the end; every VM must arrive exactly once. */
async function walk(h: Harness, args: Record<string, unknown>): Promise<Walk> {
  const seen = new Map<string, number>();
  let cursor: string | undefined;
  const result: Walk = { calls: 0, returned: 0, maxBytes: 0, pagesPerCall: [] };
  do {
    const before = (h.cloud as CountingCloudStack).vmReads().requests;
    const answer = await call(h.client, 'callApi', {
      api: 'listVirtualMachines',
      ...(cursor ? { cursor } : { params: { listall: true } }),
      // The records as CloudStack sends them: what these tests size pages by.
      format: 'detailed',
      ...args,
    });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured.count).toBe(h.cloud.vms.length);
    result.pagesPerCall.push((h.cloud as CountingCloudStack).vmReads().requests - before);
    result.calls++;
    result.maxBytes = Math.max(result.maxBytes, Buffer.byteLength(answer.text));
    const items = answer.structured.items as { id: string }[];
    expect(answer.structured.returned).toBe(items.length);
    result.returned += items.length;
    for (const item of items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
    cursor = answer.structured.nextCursor as string | undefined;
  } while (cursor && result.calls < 5000);
  expect(seen.size).toBe(h.cloud.vms.length);
  expect([...seen.values()].every((times) => times === 1)).toBe(true);
  expect(result.returned).toBe(h.cloud.vms.length);
  return result;
}

async function startWith(vms: number, maxAnswerBytes: number, spread?: number): Promise<Harness> {
  const cloud = new CountingCloudStack();
  if (spread === undefined) cloud.addVms(vms);
  else vmsOfVaryingSize(cloud, vms, spread);
  harness = await connect({ caller: cloud, maxAnswerBytes });
  return harness;
}

describe('reading lists from CloudStack', () => {
  it('reads about what a cursor walk returns under the budget, without all', async () => {
    const h = await startWith(1500, 16 * 1024);
    const result = await walk(h, {});
    const reads = (h.cloud as CountingCloudStack).vmReads();
    // The budget, not the limit (50), cuts each window: reading 50 for each would be far more.
    expect(result.calls).toBeGreaterThan(1500 / 50);
    expect(reads.items).toBeLessThanOrEqual(1.5 * result.returned + MAX_PAGE_SIZE);
    expect(Math.max(...result.pagesPerCall)).toBeLessThanOrEqual(2);
    expect(result.maxBytes).toBeLessThanOrEqual(16 * 1024);
  });

  it('reads about what a cursor walk returns with all, never more pages at once than the budget holds', async () => {
    const h = await startWith(3000, 16 * 1024);
    const result = await walk(h, { all: true, limit: 5000 });
    const cloud = h.cloud as CountingCloudStack;
    const reads = cloud.vmReads();
    expect(reads.items).toBeLessThanOrEqual(1.5 * result.returned + MAX_PAGE_SIZE);
    // The first call knows no item size and reads one page; after that each window reads what it can hold.
    expect(result.pagesPerCall[0]).toBe(1);
    expect(Math.max(...result.pagesPerCall)).toBeLessThanOrEqual(2);
    expect(cloud.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('delivers every item exactly once when item sizes vary, reading at most twice what it returns', async () => {
    for (const args of [{}, { all: true, limit: 5000 }, { limit: 7 }]) {
      const h = await startWith(1200, 12 * 1024, 3000);
      const result = await walk(h, args);
      const reads = (h.cloud as CountingCloudStack).vmReads();
      expect(reads.items, JSON.stringify(args)).toBeLessThanOrEqual(2 * result.returned + MAX_PAGE_SIZE);
      expect(reads.requests, JSON.stringify(args)).toBeLessThanOrEqual(2 * result.calls);
      await h.close();
      harness = undefined;
    }
  });

  it('reads pages several at a time with all when the budget holds them, up to the limit', async () => {
    const h = await startWith(2600, 64 * 1024 * 1024);
    const cloud = h.cloud as CountingCloudStack;
    const answer = await call(h.client, 'callApi', {
      api: 'listVirtualMachines',
      all: true,
      limit: 2500,
      fields: ['id'],
      format: 'detailed',
    });
    expect(answer.structured).toMatchObject({ count: 2600, returned: 2500 });
    const reads = cloud.vmReads();
    expect(reads.items).toBe(2500);
    expect(reads.requests).toBe(5);
    expect(cloud.maxInFlight).toBeGreaterThan(1);
    expect(cloud.maxInFlight).toBeLessThanOrEqual(4);
    // The rest, through the cursor: only the 100 left are read.
    const rest = await call(h.client, 'callApi', {
      api: 'listVirtualMachines',
      cursor: answer.structured.nextCursor,
      all: true,
      format: 'detailed',
    });
    expect(rest.structured).toMatchObject({ count: 2600, returned: 100 });
    expect(rest.structured.nextCursor).toBeUndefined();
    expect(cloud.vmReads().items - reads.items).toBeLessThanOrEqual(200);
  });

  it('still reads every item once when the next call asks for other fields than the cursor carries', async () => {
    const h = await startWith(400, 16 * 1024);
    const first = await call(h.client, 'callApi', {
      api: 'listVirtualMachines',
      fields: ['id', 'name'],
      format: 'detailed',
    });
    const ids = new Set((first.structured.items as { id: string }[]).map((item) => item.id));
    let cursor = first.structured.nextCursor as string | undefined;
    while (cursor) {
      const next = await call(h.client, 'callApi', {
        api: 'listVirtualMachines',
        cursor,
        format: 'detailed',
      });
      for (const item of next.structured.items as { id: string }[]) {
        expect(ids.has(item.id)).toBe(false);
        ids.add(item.id);
      }
      cursor = next.structured.nextCursor as string | undefined;
    }
    expect(ids.size).toBe(400);
  });
});

describe('coveringPages', () => {
  it('covers the items asked for, in at most the pages allowed, with pages CloudStack accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1500 }),
        fc.integer({ min: 0, max: 2 }),
        (from, n, extra) => {
          const maxPages = Math.ceil(n / MAX_PAGE_SIZE) + 1 + extra;
          const run = coveringPages(from, n, maxPages);
          expect(run.pageSize).toBeGreaterThanOrEqual(1);
          expect(run.pageSize).toBeLessThanOrEqual(MAX_PAGE_SIZE);
          expect(run.pages).toBeLessThanOrEqual(maxPages);
          const first = (run.page - 1) * run.pageSize;
          expect(first).toBeLessThanOrEqual(from);
          expect(first + run.pages * run.pageSize).toBeGreaterThanOrEqual(from + n);
          // Never more than two pages' worth of over-read around what was asked.
          expect(run.pages * run.pageSize).toBeLessThanOrEqual(2 * n + 2 * MAX_PAGE_SIZE);
        },
      ),
    );
  });

  it('picks the cheapest run a search of every page size finds (items read + 32 per request)', () => {
    const searched = (from: number, n: number, maxPages: number) => {
      const last = from + n - 1;
      let best: { cost: number; run?: { page: number; pageSize: number; pages: number } } = {
        cost: Infinity,
      };
      for (let size = 1; size <= MAX_PAGE_SIZE; size++) {
        const pages = Math.floor(last / size) - Math.floor(from / size) + 1;
        const cost = pages * (size + 32);
        if (pages <= maxPages && cost < best.cost)
          best = { cost, run: { page: Math.floor(from / size) + 1, pageSize: size, pages } };
      }
      return best.run;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_PAGE_SIZE }),
        fc.nat(300),
        fc.integer({ min: 1, max: 4 }),
        (n, k, maxPages) => {
          // Starts on a multiple of n (every first window, and windows of a steady size), and any other
          // start where some page size fits in maxPages (otherwise: pages of the largest size).
          for (const from of [k * n, k * n + 7]) {
            const expected = searched(from, n, maxPages);
            if (from % n === 0) expect(expected).toBeDefined();
            if (expected) expect(coveringPages(from, n, maxPages)).toEqual(expected);
          }
        },
      ),
    );
  });

  it('reads one page of exactly n from the start, and aligns later reads to about n', () => {
    expect(coveringPages(0, 50, 2)).toEqual({ page: 1, pageSize: 50, pages: 1 });
    const run = coveringPages(10_037, 40, 2);
    expect(run.pages * run.pageSize).toBeLessThanOrEqual(80);
  });
});
