import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudStackClient } from '../../src/cloudstack/client.js';
import { fetchAllPages, findItemKey } from '../../src/cloudstack/paging.js';
import { type FakeServer, sendError, sendOk, startServer } from './fake-server.js';

const vms = Array.from({ length: 1234 }, (_, i) => ({ id: `vm-${i}`, name: `vm${i}` }));

function pageOf<T>(all: T[], page: number, pageSize: number) {
  return all.slice((page - 1) * pageSize, page * pageSize);
}

describe('findItemKey', () => {
  it('is the one array besides count', () => {
    expect(findItemKey({ count: 2, virtualmachine: [] })).toBe('virtualmachine');
    expect(findItemKey({})).toBeUndefined();
    expect(findItemKey({ count: 1, note: 'x' })).toBeUndefined();
  });
});

describe('fetchAllPages', () => {
  it('stops at a short page when the list shrank after count was read', async () => {
    const requested: number[] = [];
    const result = await fetchAllPages(
      async (page) => {
        requested.push(page);
        const items = page <= 2 ? pageOf(vms, page, 10) : page === 3 ? vms.slice(20, 25) : [];
        return { count: 100, vm: items };
      },
      { pageSize: 10, concurrency: 1 },
    );
    expect(requested).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ count: 100, itemKey: 'vm', pages: 3 });
    expect(result.items).toEqual(vms.slice(0, 25));
  });

  it('without count, fetches one page at a time until a short page', async () => {
    const requested: number[] = [];
    const result = await fetchAllPages(
      async (page) => {
        requested.push(page);
        return { host: pageOf(vms.slice(0, 25), page, 10) };
      },
      { pageSize: 10, concurrency: 4 },
    );
    expect(requested).toEqual([1, 2, 3]);
    expect(result.items).toHaveLength(25);
    expect(result.count).toBe(25);
  });

  it('without count, a server ignoring page does not loop forever', async () => {
    const result = await fetchAllPages(async () => ({ host: vms.slice(0, 10) }), {
      pageSize: 10,
      concurrency: 4,
    });
    expect(result.items).toEqual(vms.slice(0, 10));
    expect(result.pages).toBe(2);
  });

  it('an item that moved to the next page while reading is kept once', async () => {
    const result = await fetchAllPages(
      async (page) => ({ count: 20, vm: page === 1 ? vms.slice(0, 10) : vms.slice(9, 19) }),
      { pageSize: 10, concurrency: 2 },
    );
    expect(result.items).toEqual(vms.slice(0, 19));
  });

  it("keeps a template's row in each zone (one id, one row per zone), while dropping a row seen twice", async () => {
    const rows = ['z1', 'z2', 'z3'].flatMap((zoneid) => [
      { id: 't-1', zoneid },
      { id: 't-2', zoneid },
    ]);
    const result = await fetchAllPages(
      async (page) => ({ count: 6, template: page === 1 ? rows.slice(0, 4) : rows.slice(3, 6) }),
      { pageSize: 4, concurrency: 2 },
    );
    expect(result.items).toEqual(rows);
  });

  it('maxItems limits pages and items', async () => {
    const requested: number[] = [];
    const result = await fetchAllPages(
      async (page) => {
        requested.push(page);
        return { count: vms.length, vm: pageOf(vms, page, 10) };
      },
      { pageSize: 10, concurrency: 3, maxItems: 25 },
    );
    expect(requested.sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(result.items).toEqual(vms.slice(0, 25));
  });

  it('a failing page fails the whole list and starts no new pages', async () => {
    const requested: number[] = [];
    const failing = fetchAllPages(
      async (page) => {
        requested.push(page);
        await delay(2);
        if (page === 3) throw new Error('page 3 failed');
        return { count: 1000, vm: pageOf(vms, page, 10) };
      },
      { pageSize: 10, concurrency: 2 },
    );
    await expect(failing).rejects.toThrow('page 3 failed');
    await delay(20);
    expect(Math.max(...requested)).toBeLessThanOrEqual(4);
  });
});

describe('listAll through the client', () => {
  let server: FakeServer;
  let client: CloudStackClient;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    server = await startServer(async (req, res) => {
      const command = req.params.command ?? '';
      if (command === 'listVirtualMachines') {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const page = Number(req.params.page);
        const pageSize = Number(req.params.pagesize);
        // Later pages answer sooner, so completion order differs from page order.
        await delay(Math.max(1, 30 - page * 2));
        inFlight--;
        if (!Number.isInteger(page) || !Number.isInteger(pageSize))
          return sendError(res, command, 431, 4350, 'no page');
        return sendOk(res, command, { count: vms.length, virtualmachine: pageOf(vms, page, pageSize) });
      }
      if (command === 'listNetworks') return sendOk(res, command, {});
      return sendError(res, command, 432, 9999, 'The given command does not exist');
    });
    client = new CloudStackClient({
      apiUrl: server.url,
      apiKey: 'k-123456',
      secretKey: 's-123456',
      pageConcurrency: 3,
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('fetches every page with at most `concurrency` in flight and keeps the order', async () => {
    maxInFlight = 0;
    server.requests.length = 0;
    const result = await client.listAll('listVirtualMachines', { listall: true, page: 7, pagesize: 100 });
    expect(result).toMatchObject({ count: 1234, itemKey: 'virtualmachine', pages: 13 });
    expect(result.items).toEqual(vms);
    expect(maxInFlight).toBe(3);
    expect(server.requests.map((r) => r.params.page).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 13 }, (_, i) => String(i + 1)),
    );
    expect(server.requests.every((r) => r.params.pagesize === '100' && r.params.listall === 'true')).toBe(
      true,
    );
  });

  it('options override the client concurrency and page size', async () => {
    maxInFlight = 0;
    const result = await client.listAll('listVirtualMachines', {}, { pageSize: 500, concurrency: 1 });
    expect(result.pages).toBe(3);
    expect(result.items).toEqual(vms);
    expect(maxInFlight).toBe(1);
  });

  it('an empty list ({}) is an empty result', async () => {
    await expect(client.listAll('listNetworks')).resolves.toEqual({
      count: 0,
      items: [],
      itemKey: undefined,
      pages: 1,
    });
  });

  it('rejects a bad page size', async () => {
    await expect(client.listAll('listNetworks', {}, { pageSize: 0 })).rejects.toMatchObject({
      parameter: 'pageSize',
    });
  });
});
