// Argument names that used to vanish without a word: JavaScript's `__proto__` (and `constructor`,
// `prototype`) anywhere in the arguments, and names a tool does not have, which its zod object stripped.
import { afterEach, describe, expect, it } from 'vitest';
import { call, connect, errorOf, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Arguments as a JSON-RPC message carries them: JSON.parse makes `__proto__` an own key. */
const fromJson = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('argument names', () => {
  it('answers invalid_params "unknown parameter" for __proto__ and constructor in callApi params', async () => {
    harness = await connect();
    for (const [params, named] of [
      ['{"__proto__": {"id": "x"}}', 'params.__proto__'],
      ['{"__proto__": "x", "id": "y"}', 'params.__proto__'],
      ['{"constructor": "x"}', 'params.constructor'],
      ['{"tags[0].__proto__": "x"}', 'params.tags[0].__proto__'],
      ['{"tags": [{"key": "a", "__proto__": {"value": "b"}}]}', 'params.tags[0].__proto__'],
    ] as const) {
      const answer = await call(
        harness.client,
        'callApi',
        fromJson(`{"api": "listZones", "params": ${params}}`),
      );
      expect(answer.isError, params).toBe(true);
      const error = errorOf(answer);
      expect(error.kind).toBe('invalid_params');
      expect(error.message).toContain('unknown parameter');
      expect(error.unknownParams).toEqual([named]);
    }
    expect(harness.cloud.calls.filter((c) => c.command === 'listZones')).toEqual([]);
  });

  // (A top-level `__proto__` never reaches the handler: the SDK's own request schema drops it first.)
  it('answers invalid_params for argument names the tool does not have', async () => {
    harness = await connect();
    const typo = await call(harness.client, 'listVirtualMachines', { status: 'Running' });
    expect(typo.isError).toBe(true);
    expect(errorOf(typo)).toMatchObject({
      kind: 'invalid_params',
      parameter: 'status',
      unknownParams: ['status'],
    });
    expect(String(errorOf(typo).message)).toContain('did you mean state?');
    expect(harness.cloud.calls).toEqual([]);
  });
});
