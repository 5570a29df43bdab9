// Codegen over every real listApis dump in ../shared/api-dumps (read in place, never copied): the output
// type-checks with the project's compiler options, has every API, its response schemas accept every real
// response captured from CloudStack, its parameter schemas name a missing required parameter, and it agrees
// with the run-time schema builder (src/cloudstack/schemas-from-doc.ts) that serves APIs only a live server knows.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCodegen } from '../../codegen/run.js';
import type { ApiDefinition } from '../../src/cloudstack/binding.js';
import { type NormalisedDump, normaliseDump } from '../../src/cloudstack/listapis.js';
import { responseShape } from '../../src/cloudstack/response-shape.js';
import { paramsSchemaFromDoc, responseSchemaFromDoc } from '../../src/cloudstack/schemas-from-doc.js';
import { dumpFiles, readJson, realResponses, removeDir, scratchDir, tsFiles, typeCheck } from './helpers.js';

const responses = realResponses();
const dumps = dumpFiles();

// Captured responses named after APIs that no released dump has (misnamed in the capture).
const NOT_IN_ANY_DUMP = [
  'assignLoadBalancerRule',
  'cancelHostForMaintenance',
  'getUploadParamsForKubernetesSupportedVersion',
];

it('has real dumps and responses to test against', () => {
  expect(dumps.length).toBeGreaterThanOrEqual(2);
  expect(responses.length).toBeGreaterThan(100);
  const known = new Set(dumps.flatMap((file) => normaliseDump(readJson(file)).api.map((api) => api.name)));
  expect(
    responses
      .filter((r) => !known.has(r.api))
      .map((r) => r.api)
      .sort(),
  ).toEqual(NOT_IN_ANY_DUMP);
});

let scratch: string;
const outDirs: string[] = [];
beforeAll(() => {
  scratch = scratchDir('codegen-dumps');
});
afterAll(() => removeDir(scratch));

describe.each(dumps.map((file) => [path.basename(file, '.json'), file]))('dump %s', (version, file) => {
  let dump: NormalisedDump;
  let summary: ReturnType<typeof runCodegen>;
  let apis: Record<string, ApiDefinition>;
  let apiNames: readonly string[];

  beforeAll(async () => {
    const raw = readJson(file);
    dump = normaliseDump(raw);
    const outDir = path.join(scratch, version, 'out');
    summary = runCodegen(raw, {
      name: version,
      cacheDir: path.join(scratch, version, 'cache'),
      outDir,
      cwd: scratch,
    });
    outDirs.push(outDir);
    ({ apis, apiNames } = await import(pathToFileURL(path.join(outDir, 'index.ts')).href));
  }, 120_000);

  it('generates every API, with its version and counts in the manifest', () => {
    const names = dump.api.map((api) => api.name);
    expect(summary.manifest).toMatchObject({
      apiCount: names.length,
      cloudstackVersion: version,
      unknownTypes: [],
    });
    expect([...apiNames]).toEqual(names);
    expect(Object.keys(apis).sort()).toEqual(names);
    expect(summary.manifest.asyncApiCount).toBe(dump.api.filter((api) => api.isasync).length);
  });

  it('accepts every real response of the APIs it has (async: the job result)', () => {
    let checked = 0;
    let keyed = 0;
    for (const { api, file: from, body } of responses) {
      const definition = apis[api];
      if (!definition) continue;
      const answer = definition.isAsync ? body.jobresult : body;
      expect(answer, `${from} ${api}: no job result`).toBeTypeOf('object');
      const result = definition.response.safeParse(answer);
      expect(result.error?.issues ?? [], `${from} ${api}`).toEqual([]);
      // The documented object really sits under the derived key, so it was checked, not passed through.
      const shape = responseShape(
        api,
        definition.responseDocs.map((doc) => doc.name),
      );
      const keys = Object.keys(answer as object);
      checked++;
      // listApis sometimes documents a response class the command does not send ({success: true} instead).
      if (keys.every((key) => key === 'success' || key === 'displaytext')) continue;
      if (shape.kind === 'list' && keys.length > 0) expect(keys, `${api} item key`).toContain(shape.itemKey);
      if (shape.kind === 'object') expect(keys, `${api} object key`).toContain(shape.key);
      if (shape.kind !== 'flat') keyed++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(keyed).toBeGreaterThan(70);
  });

  it('rejects a real response spoilt where the docs say otherwise', () => {
    const vms = responses.find((r) => r.api === 'listVirtualMachines')?.body as { virtualmachine: object[] };
    const spoilt = { ...vms, virtualmachine: [{ ...vms.virtualmachine[0], haenable: { yes: true } }] };
    expect(apis.listVirtualMachines?.response.safeParse(vms).success).toBe(true);
    expect(apis.listVirtualMachines?.response.safeParse(spoilt).success).toBe(false);
  });

  it('names a missing required parameter, for every API that has one', () => {
    let checked = 0;
    for (const api of dump.api) {
      const required = api.params.filter((param) => param.required).map((param) => param.name);
      if (required.length === 0) continue;
      const result = apis[api.name]?.params.safeParse({});
      expect(result?.success, api.name).toBe(false);
      expect(result?.error?.issues.map((issue) => issue.message)).toEqual(
        required.map((name) => `parameter "${name}" is required`),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('agrees with the run-time schema builder (same JSON Schema, every 5th API)', () => {
    for (const api of dump.api.filter((_, index) => index % 5 === 0)) {
      const generated = apis[api.name] as ApiDefinition;
      const asJson = (schema: z.ZodType) =>
        JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
      expect(asJson(paramsSchemaFromDoc(api)), api.name).toBe(asJson(generated.params));
      expect(asJson(responseSchemaFromDoc(api)), api.name).toBe(asJson(generated.response));
    }
  }, 60_000);
});

// One compiler Program over every dump's output: zod's and the client's types are loaded once.
it("type-checks every dump's output with zero diagnostics", () => {
  expect(outDirs).toHaveLength(dumps.length);
  const { diagnostics } = typeCheck(outDirs.flatMap((dir) => tsFiles(dir)));
  expect(diagnostics).toEqual([]);
}, 240_000);
