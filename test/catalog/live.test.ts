// APIs only the live server knows get the same request and response schemas as generated ones.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { CloudStackCaller } from '../../src/cloudstack/types.js';
import { readDump } from './dump.js';

/** A caller whose listApis offers these dump entries (and whose bindings then lack them: new names). */
function liveServer(docs: unknown[]): CloudStackCaller {
  return {
    request: async (command: string) => {
      if (command !== 'listApis') throw new Error(`unexpected ${command}`);
      return { count: docs.length, api: docs };
    },
  } as unknown as CloudStackCaller;
}

describe('live-only APIs', () => {
  const dump = readDump('4.18.0');
  const entry = (name: string) => {
    const doc = dump.find((api) => api.name === name);
    if (!doc) throw new Error(`${name} not in the dump`);
    return doc;
  };

  it('get a real response schema from listApis, checked like the bindings', async () => {
    // listVpnUsers is not in the bindings built from the simulator's API list: only listApis knows it.
    // (listVPCs, then listKubernetesClusters were the example until the simulator modelled them, issue 14;
    // every API of ../shared/cloudstack-responses is modelled now, so the answer is written here in
    // CloudStack's shape.)
    const { catalog } = await loadCatalog({
      caller: liveServer([entry('listVpnUsers')]),
      live: true,
    });
    const found = catalog.get('listVpnUsers');
    expect(found?.source).toBe('live');
    const definition = found?.definition;
    expect(definition?.responseDocs.map((doc) => doc.name)).toContain('username');

    const answer = {
      count: 1,
      vpnuser: [
        {
          id: '0f1b3a4c-6d5e-4f70-8a9b-1c2d3e4f5a6b',
          username: 'road-warrior',
          state: 'Active',
          account: 'admin',
          domainid: 'e4874e10-5fdf-11ea-9a56-1e006800018c',
          domain: 'ROOT',
        },
      ],
    };
    expect(definition?.response.safeParse(answer).error?.issues).toBeUndefined();
    const wrong = { count: 1, vpnuser: [{ username: { not: 'a string' } }] };
    expect(definition?.response.safeParse(wrong).success).toBe(false);

    expect(definition?.params.safeParse({ page: 'one' }).success).toBe(false);
    expect(definition?.params.safeParse({ page: 2, username: 'key' }).success).toBe(true);
  });

  it('keep an entry codegen cannot model, with its docs and unchecked values', async () => {
    const odd = {
      name: 'oddNewApi',
      isasync: false,
      params: [{ name: 'x', type: 'string', required: 'maybe' }],
    };
    const { catalog } = await loadCatalog({ caller: liveServer([odd]), live: true });
    const definition = catalog.get('oddNewApi')?.definition;
    expect(definition?.name).toBe('oddNewApi');
    expect(definition?.response.safeParse({ anything: 1 }).success).toBe(true);
  });
});

describe('a partial catalog says so', () => {
  it('when listApis fails, or lists fewer APIs than any CloudStack has, and not for the whole 4.18 list', async () => {
    const failing = {
      request: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    } as unknown as CloudStackCaller;
    const unread = await loadCatalog({ caller: failing, live: true });
    expect(unread.catalog.partial).toContain('could not be read');

    const small = await loadCatalog({ caller: liveServer(readDump('4.18.0').slice(0, 10)), live: true });
    expect(small.catalog.partial).toContain('lists only');

    const whole = await loadCatalog({ caller: liveServer(readDump('4.18.0')), live: true });
    expect(whole.catalog.size).toBeGreaterThan(600);
    expect(whole.catalog.partial).toBeUndefined();
  });
});

describe('reading listApis after start-up', () => {
  it('begins only once startAfter resolves, then adds what it read', async () => {
    const entry = readDump('4.18.0').find((api) => api.name === 'listVpnUsers');
    const asked: string[] = [];
    const caller = {
      request: async (command: string) => {
        asked.push(command);
        return { count: 1, api: [entry] };
      },
    } as unknown as CloudStackCaller;
    let open!: () => void;
    const startAfter = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { catalog, reading } = await loadCatalog({ caller, live: true, wait: false, startAfter });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toEqual([]);
    expect(catalog.get('listVpnUsers')).toBeUndefined();
    open();
    await reading;
    expect(asked).toEqual(['listApis']);
    expect(catalog.get('listVpnUsers')?.source).toBe('live');
  });
});
