import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DumpError,
  dumpHash,
  normaliseDump,
  normaliseDumpWithNotices,
  parseDumpText,
  serialiseDump,
} from '../../src/cloudstack/listapis.js';
import { dumpFiles, fixtureDump, readJson } from './helpers.js';

const raw = readJson(fixtureDump) as { listapisresponse: { api: Record<string, unknown>[] } };

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('normaliseDump', () => {
  it('takes listApis with or without the listapisresponse wrapper', () => {
    const wrapped = normaliseDump(raw);
    const bare = normaliseDump({ api: raw.listapisresponse.api });
    expect(bare).toEqual(wrapped);
    expect(wrapped.count).toBe(8);
  });

  it('sorts APIs, parameters, fields and related names; drops empty entries; merges duplicates', () => {
    const { dump, notices } = normaliseDumpWithNotices(raw);
    expect(dump.api.map((api) => api.name)).toEqual([
      'createTags',
      'deployVirtualMachine',
      'frobnicateWidget',
      'listCapabilities',
      'listEvents',
      'listZones',
      'login',
      'startVirtualMachine',
    ]);
    const zones = dump.api.find((api) => api.name === 'listZones');
    expect(zones?.params.map((param) => param.name)).toEqual([
      'available',
      'id',
      'name',
      'page',
      'pagesize',
      'tags',
    ]);
    expect(zones?.related).toBe('createZone,listZonesMetrics');
    expect(zones?.since).toBeUndefined(); // "" means unknown
    const capacity = zones?.response.find((field) => field.name === 'capacity');
    expect(capacity?.response?.map((field) => field.name)).toEqual(['capacitytotal', 'percentused', 'type']);
    const events = dump.api.find((api) => api.name === 'listEvents');
    expect(events?.params.filter((param) => param.name === 'level')).toHaveLength(1);
    expect(notices).toContainEqual({
      api: 'listEvents',
      message: 'parameter "level" is listed twice; merged',
    });
    const vm = dump.api.find((api) => api.name === 'deployVirtualMachine');
    expect(vm?.response.filter((field) => field.name === 'jobid')).toHaveLength(1);
  });

  it('gives the same bytes (and hash) whatever order the server listed things in', () => {
    const reference = serialiseDump(normaliseDump(raw));
    for (const seed of [1, 2, 3]) {
      const api = shuffled(raw.listapisresponse.api, seed).map((entry) => ({
        ...entry,
        params: shuffled(entry.params as unknown[], seed + 10),
        response: shuffled(entry.response as unknown[], seed + 20),
      }));
      const dump = normaliseDump({ listapisresponse: { count: api.length, api } });
      expect(serialiseDump(dump)).toBe(reference);
      expect(dumpHash(dump)).toBe(dumpHash(normaliseDump(raw)));
    }
  });

  it('records the CloudStack version beside the wrapper and reads it back', () => {
    const dump = normaliseDump(raw);
    const text = serialiseDump(dump, '4.18.0.0');
    expect(JSON.parse(text).cloudstackversion).toBe('4.18.0.0');
    expect(parseDumpText(text, 'cache.json')).toMatchObject({ version: '4.18.0.0', dump });
    expect(dumpHash(dump, '4.18.0.0')).not.toBe(dumpHash(dump));
  });

  it('writes the cache file as JSON.stringify(file, null, 2) and hashes exactly those bytes', () => {
    for (const file of [fixtureDump, ...dumpFiles()]) {
      const dump = normaliseDump(readJson(file));
      for (const version of [undefined, '4.18.0.0']) {
        const wrapped = version
          ? { cloudstackversion: version, listapisresponse: dump }
          : { listapisresponse: dump };
        const expected = `${JSON.stringify(wrapped, null, 2)}\n`;
        expect(serialiseDump(dump, version)).toBe(expected);
        expect(dumpHash(dump, version)).toBe(createHash('sha256').update(expected).digest('hex'));
      }
    }
  });

  it('says what is wrong and where', () => {
    expect(() => normaliseDump([])).toThrow(DumpError);
    expect(() => normaliseDump({ foo: 1 })).toThrow(/not a listApis answer/);
    expect(() => normaliseDump({ api: [] })).toThrow(/lists no APIs/);
    expect(() => normaliseDump({ api: [{ description: 'x' }] })).toThrow('api[0].name is missing');
    expect(() => normaliseDump({ api: [{ name: 'list zones' }] })).toThrow(/is not an API name/);
    expect(() => normaliseDump({ api: [{ name: 'listZones', params: [{ type: 'uuid' }] }] })).toThrow(
      'api[0] (listZones).params[0].name is missing',
    );
    expect(() => normaliseDump({ api: [{ name: 'listZones', isasync: 'maybe' }] })).toThrow(
      'api[0] (listZones).isasync must be true or false, got "maybe"',
    );
    expect(() => parseDumpText('{', 'broken.json')).toThrow(/^broken.json is not JSON/);
  });
});
