// The live listApis read late (catalog/refresh.ts): a look-up of an unknown name reads it again on the
// spot, at most once per interval, and the catalog says it is incomplete until it has been read.
import { describe, expect, it } from 'vitest';
import { ApiCatalog } from '../../src/catalog/catalog.js';
import { LiveApiRefresher } from '../../src/catalog/refresh.js';
import { CloudStackConnectionError } from '../../src/cloudstack/errors.js';
import type { CloudStackCaller } from '../../src/cloudstack/types.js';
import { readDump } from './dump.js';

/** listApis that fails while `up` is false, then offers these dump entries. */
function cloudStack(docs: unknown[]) {
  const state = { up: false, calls: 0 };
  const caller = {
    request: async (command: string) => {
      if (command !== 'listApis') throw new Error(`unexpected ${command}`);
      state.calls++;
      if (!state.up)
        throw new CloudStackConnectionError({
          command,
          code: 'ECONNREFUSED',
          endpoint: 'http://127.0.0.1:9/client/api',
          requestSent: false,
          detail: 'connect ECONNREFUSED',
        });
      return { count: docs.length, api: docs };
    },
  } as unknown as CloudStackCaller;
  return { caller, state };
}

describe('LiveApiRefresher', () => {
  const k8s = readDump('4.18.0').find((doc) => doc.name === 'listKubernetesClusters');

  it('reads listApis on demand, rate-limited, and completes the catalog in place', async () => {
    const { caller, state } = cloudStack([k8s]);
    const catalog = new ApiCatalog([]);
    let now = 0;
    const added: number[] = [];
    const refresher = new LiveApiRefresher(catalog, caller, {
      minIntervalMs: 10_000,
      now: () => now,
      onLoaded: (count) => added.push(count),
    });
    catalog.live = refresher;

    await refresher.refresh();
    expect(catalog.complete).toBe(false);
    expect(refresher.lastError).toMatch(/ECONNREFUSED/);
    const callsAfterFirst = state.calls;

    state.up = true;
    now = 5_000; // too soon: no second request
    await refresher.refresh();
    expect(state.calls).toBe(callsAfterFirst);
    expect(catalog.get('listKubernetesClusters')).toBeUndefined();

    now = 10_000;
    await refresher.refresh();
    expect(catalog.complete).toBe(true);
    expect(catalog.get('listKubernetesClusters')?.source).toBe('live');
    expect(added).toEqual([1]);

    now = 50_000; // complete: never asks again
    await refresher.refresh();
    expect(state.calls).toBe(callsAfterFirst + 1);
  });

  it('a catalog without a live list asked for is complete', () => {
    expect(new ApiCatalog([]).complete).toBe(true);
  });
});
