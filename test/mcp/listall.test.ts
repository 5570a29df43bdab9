// callApi passes listall=true to list APIs that take it, unless the caller said otherwise: without it
// CloudStack lists only the caller's own account, and totals miss every other account the credentials see.
import { afterEach, describe, expect, it } from 'vitest';
import { call, connect, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function paramsOf(h: Harness, command: string) {
  return h.cloud.calls.filter((entry) => entry.command === command).map((entry) => entry.params);
}

describe('callApi listall', () => {
  it('is true by default where the API takes it, as the caller gave it otherwise, absent where not taken', async () => {
    harness = await connect();
    expect((await call(harness.client, 'callApi', { api: 'listVolumes' })).isError).toBe(false);
    expect(paramsOf(harness, 'listVolumes').at(-1)).toMatchObject({ listall: true });

    await call(harness.client, 'callApi', { api: 'listVolumes', params: { listAll: false } });
    expect(paramsOf(harness, 'listVolumes').at(-1)).toMatchObject({ listall: false });

    // With a query too: every page it reads carries it.
    await call(harness.client, 'callApi', { api: 'listVolumes', query: 'length(@)' });
    expect(paramsOf(harness, 'listVolumes').at(-1)).toMatchObject({ listall: true });

    // listZones has no listall parameter: none is sent.
    await call(harness.client, 'callApi', { api: 'listZones' });
    expect(paramsOf(harness, 'listZones').at(-1)).not.toHaveProperty('listall');
  });
});
