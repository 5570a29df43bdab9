import { describe, expect, it } from 'vitest';
import {
  encodeParams,
  formatCloudStackDate,
  isPostOnlyParam,
  needsPost,
} from '../../src/cloudstack/encode.js';
import { CloudStackInputError } from '../../src/cloudstack/errors.js';
import { toQueryString } from '../../src/cloudstack/sign.js';

describe('encodeParams', () => {
  it('indexes maps: arrays of records and a plain record', () => {
    expect(
      encodeParams({
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'core' },
        ],
        details: { cpuNumber: 2, memory: 1024 },
      }),
    ).toEqual({
      'tags[0].key': 'env',
      'tags[0].value': 'prod',
      'tags[1].key': 'team',
      'tags[1].value': 'core',
      'details[0].cpuNumber': '2',
      'details[0].memory': '1024',
    });
    expect(toQueryString(encodeParams({ tags: [{ key: 'env', value: 'prod' }] }))).toBe(
      'tags%5B0%5D.key=env&tags%5B0%5D.value=prod',
    );
  });

  it('comma-joins lists, writes booleans, numbers and dates, drops undefined/null/empty', () => {
    expect(
      encodeParams({
        ids: ['a', 'b', 'c'],
        sizes: [1, 2],
        listall: true,
        isrecursive: false,
        pagesize: 500,
        ratio: 0.5,
        huge: 1e21,
        tiny: 1e-7,
        startdate: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        skipped: undefined,
        gone: null,
        none: [],
        nomap: {},
      }),
    ).toEqual({
      ids: 'a,b,c',
      sizes: '1,2',
      listall: 'true',
      isrecursive: 'false',
      pagesize: '500',
      ratio: '0.5',
      huge: '1000000000000000000000',
      tiny: '0.0000001',
      startdate: '2024-01-02T03:04:05+0000',
    });
  });

  it('keeps special characters as they are (the wire encoding happens later)', () => {
    expect(encodeParams({ name: "a b*~!'()+&=é" })).toEqual({ name: "a b*~!'()+&=é" });
    expect(encodeParams({ name: 'lone \ud800 surrogate' })).toEqual({ name: 'lone \ufffd surrogate' });
  });

  it('rejects what cannot be sent, naming the parameter', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ size: Number.NaN }, 'size'],
      [{ when: new Date('nope') }, 'when'],
      [{ nested: { deep: { x: 1 } } }, 'nested[0].deep'],
      [{ mixed: ['a', { b: 1 }] }, 'mixed'],
      [{ command: 'listZones' }, 'command'],
      [{ apiKey: 'x' }, 'apiKey'],
      [{ signature: 'x' }, 'signature'],
      [{ SessionKey: 'x' }, 'SessionKey'],
      [{ 'bad name': 1 }, 'bad name'],
    ];
    for (const [params, parameter] of cases) {
      let error: unknown;
      try {
        encodeParams(params as never, 'deployVirtualMachine');
      } catch (e) {
        error = e;
      }
      expect(error, parameter).toBeInstanceOf(CloudStackInputError);
      expect((error as CloudStackInputError).parameter).toBe(parameter);
      expect((error as Error).message).toContain(`"${parameter}"`);
      expect((error as Error).message).toContain('deployVirtualMachine');
    }
  });

  it('leaves out response (always json)', () => {
    expect(encodeParams({ response: 'xml', name: 'x' })).toEqual({ name: 'x' });
  });
});

describe('formatCloudStackDate', () => {
  it('is yyyy-MM-ddTHH:mm:ss+0000 in UTC', () => {
    expect(formatCloudStackDate(new Date('2030-12-31T23:59:58.999Z'))).toBe('2030-12-31T23:59:58+0000');
  });
});

describe('POST decision', () => {
  it('sensitive or large values force POST', () => {
    for (const name of [
      'userdata',
      'password',
      'currentPassword',
      'privatekey',
      'certificate',
      'details[0].password',
    ]) {
      expect(isPostOnlyParam(name), name).toBe(true);
    }
    for (const name of ['name', 'zoneid', 'displaytext']) expect(isPostOnlyParam(name), name).toBe(false);
    expect(needsPost({ name: 'x' }, 100, 2048)).toBe(false);
    expect(needsPost({ name: 'x' }, 3000, 2048)).toBe(true);
    expect(needsPost({ userdata: 'eA==' }, 100, 2048)).toBe(true);
  });
});
