// APIs only the live server knows get the same request and response schemas as generated ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { CloudStackCaller } from '../../src/cloudstack/types.js';
import { readDump } from './dump.js';

function realResponses(file: string): Record<string, Record<string, unknown>> {
  const path = fileURLToPath(new URL(`../../../shared/cloudstack-responses/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
}

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
    // listKubernetesClusters is not in the bindings built from the simulator's API list: only listApis knows it.
    // (listVPCs was the example until the simulator modelled VPCs, issue 14.)
    const { catalog } = await loadCatalog({
      caller: liveServer([entry('listKubernetesClusters')]),
      live: true,
    });
    const found = catalog.get('listKubernetesClusters');
    expect(found?.source).toBe('live');
    const definition = found?.definition;
    expect(definition?.responseDocs.map((doc) => doc.name)).toContain('kubernetesversionname');

    const answer = Object.values(realResponses('KubernetesService.json').listKubernetesClusters ?? {})[0];
    expect(answer).toBeDefined();
    expect(definition?.response.safeParse(answer).error?.issues).toBeUndefined();
    const wrong = { count: 1, kubernetescluster: [{ name: { not: 'a string' } }] };
    expect(definition?.response.safeParse(wrong).success).toBe(false);

    expect(definition?.params.safeParse({ page: 'one' }).success).toBe(false);
    expect(definition?.params.safeParse({ page: 2, name: 'key' }).success).toBe(true);
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
