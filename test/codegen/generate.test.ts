// The generator over the project's own fixture dump: file snapshots, reruns, wiping, the registry at run
// time, typed functions against a fake client, and a type-check of the output.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBindings, writeOutput } from '../../codegen/generate.js';
import { runCodegen } from '../../codegen/run.js';
import type { ApiDefinition } from '../../src/cloudstack/binding.js';
import { parseDumpText } from '../../src/cloudstack/listapis.js';
import { define } from '../../src/cloudstack/schema-helpers.js';
import type { CloudStackCaller } from '../../src/cloudstack/types.js';
import { fixtureDump, readJson, removeDir, repoRoot, scratchDir, tsFiles, typeCheck } from './helpers.js';

const { dump } = parseDumpText(readFileSync(fixtureDump, 'utf8'), 'mini.json');

describe('generated output for the fixture dump', () => {
  // As if written to <repo>/generated from api-cache/mini.json: paths in the snapshot stay stable.
  const output = generateBindings(dump, {
    outDir: path.join(repoRoot, 'generated'),
    source: 'api-cache/mini.json',
    command: 'cloudstack-mcp codegen --input api-cache/mini.json --out generated',
  });

  it('matches the committed file snapshots', async () => {
    expect([...output.files.keys()].sort()).toEqual([
      '_shapes.ts',
      'apis/c.ts',
      'apis/e.ts',
      'apis/l.ts',
      'apis/t.ts',
      'apis/v.ts',
      'apis/w.ts',
      'apis/z.ts',
      'index.ts',
      'manifest.json',
    ]);
    for (const [file, content] of output.files) {
      await expect(content).toMatchFileSnapshot(`./__snapshots__/mini/${file}.snap`);
    }
  });

  it('starts every file with a banner naming source, hash and the rebuild command', () => {
    const hash = output.manifest.sha256;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const [file, content] of output.files) {
      if (file.endsWith('.json')) continue;
      const head = content.split('\n').slice(0, 3).join('\n');
      expect(head).toContain(`Source: api-cache/mini.json (normalised listApis, sha256 ${hash})`);
      expect(head).toContain('Rebuild: cloudstack-mcp codegen --input api-cache/mini.json --out generated');
    }
  });

  it('maps unknown types to string (parameters) or unknown (responses) and reports them', () => {
    expect(output.manifest.unknownTypes).toEqual([
      { api: 'frobnicateWidget', where: 'param', name: 'schedule', type: 'cronexpression' },
      { api: 'frobnicateWidget', where: 'response', name: 'spin', type: 'quaternion' },
    ]);
    const widget = output.files.get('apis/w.ts') ?? '';
    expect(widget).toContain('  schedule?: string;');
    // The schema is built from the docs at run time, by the same table (see 'the generated module').
    expect(widget).toContain('"name":"schedule","type":"cronexpression","required":false');
    expect(widget).toContain('  spin?: unknown;');
  });

  it('writes each response shape once: in its group file, or in _shapes.ts when several files use it', () => {
    const vm = output.files.get('apis/v.ts') ?? '';
    expect(vm.match(/export interface DeployVirtualMachineObject \{/g)).toHaveLength(1);
    expect(vm).toContain('export type StartVirtualMachineObject = DeployVirtualMachineObject;');
    // A VM's tags (v.ts) and a zone's (z.ts) have the same fields: one interface, named after the field.
    const shared = output.files.get('_shapes.ts') ?? '';
    expect(shared.match(/export interface Tag \{/g)).toHaveLength(1);
    for (const file of ['apis/v.ts', 'apis/z.ts']) {
      const text = output.files.get(file) ?? '';
      expect(text).toContain("import type { Tag } from '../_shapes.js';");
      expect(text).toContain('  tags?: Tag[];');
      expect(text).not.toMatch(/interface \w*Tags? \{/);
    }
    expect(output.files.get('index.ts')).toContain("export type * from './_shapes.js';");
  });

  it('names a shared nested shape after its field only when no other type has that name', () => {
    const nested = {
      name: 'scalar',
      type: 'list',
      description: 'd',
      response: [{ name: 'k', type: 'string', description: 'k' }],
    };
    const api = (name: string) => ({
      name,
      isasync: false,
      params: [],
      response: [{ name: 'id', type: 'string', description: 'i' }, nested],
    });
    const { dump: small } = parseDumpText(
      JSON.stringify({ api: [api('listBars'), api('listFoos')] }),
      'small.json',
    );
    const shared =
      generateBindings(small, { outDir: path.join(repoRoot, 'generated'), source: 'small.json' }).files.get(
        '_shapes.ts',
      ) ?? '';
    // `Scalar` is the helpers' type, re-exported by index.ts: the shape keeps its first API's name.
    expect(shared).toContain('export interface ListBarsItemScalar {');
    expect(shared).not.toContain('interface Scalar');
  });

  it('holds types, docs and factory calls only: no zod code, no copy of the helpers', () => {
    expect(output.files.has('_runtime.ts')).toBe(false);
    const zones = output.files.get('apis/z.ts') ?? '';
    expect(zones).toContain(
      "import { define, type MapParam } from '../../src/cloudstack/schema-helpers.js';",
    );
    expect(zones).toContain("import { requestOptional } from '../../src/cloudstack/api-function.js';");
    expect(zones).toContain(
      "export const listZones = requestOptional<ListZonesParams, ListZonesResponse>('listZones');",
    );
    expect(output.files.get('apis/v.ts')).toContain(
      "export const deployVirtualMachine = requestAsync<DeployVirtualMachineParams, DeployVirtualMachineResponse>('deployVirtualMachine');",
    );
    for (const [file, content] of output.files) {
      expect(content, file).not.toMatch(/from 'zod'|\bp\.|\br\.\w+\(|ZodType/);
    }
    expect(output.files.get('_shapes.ts')).not.toContain('import ');
  });

  it('records counts in the manifest', () => {
    expect(output.manifest).toMatchObject({
      apiCount: 8,
      asyncApiCount: 3,
      paramCount: 31,
      cloudstackVersion: null,
    });
  });

  it('gives the same bytes on every run', () => {
    const again = generateBindings(dump, {
      outDir: path.join(repoRoot, 'generated'),
      source: 'api-cache/mini.json',
      command: 'cloudstack-mcp codegen --input api-cache/mini.json --out generated',
    });
    expect([...again.files.entries()]).toEqual([...output.files.entries()]);
  });
});

describe('writing the output', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir('codegen-write');
  });
  afterAll(() => removeDir(dir));

  it('writes, reruns byte-identical, wipes files no longer produced, and refuses foreign folders', () => {
    const out = path.join(dir, 'generated');
    const cache = path.join(dir, 'api-cache');
    const options = { name: 'mini', cacheDir: cache, outDir: out, cwd: dir };
    const first = runCodegen(readJson(fixtureDump), options);
    expect(first.differences.every((d) => d.change === 'added')).toBe(true);
    expect(existsSync(path.join(cache, 'mini.json'))).toBe(true);
    const snapshot = new Map(tsFiles(out).map((file) => [file, readFileSync(file, 'utf8')]));

    const second = runCodegen(readJson(path.join(cache, 'mini.json')), options);
    expect(second.differences).toEqual([]);
    expect(second.cacheChanged).toBe(false);
    for (const [file, content] of snapshot) expect(readFileSync(file, 'utf8')).toBe(content);

    // A file from an older run (an API the dump no longer has) and an empty group folder are wiped.
    writeFileSync(path.join(out, 'apis', 'q.ts'), '// stale\n');
    const smaller = readJson(fixtureDump) as { listapisresponse: { api: { name: string }[] } };
    smaller.listapisresponse.api = smaller.listapisresponse.api.filter(
      (api) => api.name !== 'frobnicateWidget',
    );
    const third = runCodegen(smaller, options);
    expect(third.differences).toContainEqual({ file: 'apis/q.ts', change: 'removed' });
    expect(third.differences).toContainEqual({ file: 'apis/w.ts', change: 'removed' });
    expect(existsSync(path.join(out, 'apis', 'q.ts'))).toBe(false);
    expect(existsSync(path.join(out, 'apis', 'w.ts'))).toBe(false);
    expect(readFileSync(path.join(out, 'index.ts'), 'utf8')).not.toContain('frobnicateWidget');

    // --check reports without writing.
    const check = runCodegen(readJson(fixtureDump), { ...options, check: true });
    expect(check.differences).toContainEqual({ file: 'apis/w.ts', change: 'added' });
    expect(check.cacheChanged).toBe(true);
    expect(existsSync(path.join(out, 'apis', 'w.ts'))).toBe(false);

    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    expect(() => writeOutput(foreign, first.manifest ? new Map([['index.ts', '']]) : new Map())).toThrow(
      /holds files codegen did not make/,
    );
    expect(readFileSync(path.join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('the generated module at run time', () => {
  let dir: string;
  let generated: {
    apis: Record<string, ApiDefinition>;
    apiNames: readonly string[];
    listZones: (client: CloudStackCaller, params?: object) => Promise<unknown>;
    deployVirtualMachine: (client: CloudStackCaller, params: object, options?: object) => Promise<unknown>;
  };
  beforeAll(async () => {
    dir = scratchDir('codegen-runtime');
    runCodegen(readJson(fixtureDump), {
      name: 'mini',
      cacheDir: path.join(dir, 'cache'),
      outDir: path.join(dir, 'out'),
      cwd: dir,
    });
    generated = await import(pathToFileURL(path.join(dir, 'out', 'index.ts')).href);
  });
  afterAll(() => removeDir(dir));

  it('type-checks with the project compiler options', () => {
    const { diagnostics } = typeCheck(tsFiles(path.join(dir, 'out')));
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it('lists every API in apis and apiNames', () => {
    expect(generated.apiNames).toEqual(dump.api.map((api) => api.name));
    expect(Object.keys(generated.apis).sort()).toEqual([...generated.apiNames]);
    const vm = generated.apis.deployVirtualMachine;
    expect(vm).toMatchObject({ name: 'deployVirtualMachine', isAsync: true, since: undefined });
    expect(vm?.related).toEqual(['startVirtualMachine', 'stopVirtualMachine']);
    expect(vm?.paramDocs.find((doc) => doc.name === 'zoneid')).toMatchObject({
      required: true,
      type: 'uuid',
      related: ['listZones'],
    });
    expect(vm?.responseDocs.find((doc) => doc.name === 'nic')?.fields?.map((f) => f.name)).toEqual([
      'extradhcpoption',
      'id',
      'ipaddress',
      'isdefault',
    ]);
  });

  it('checks parameters and responses with the generated schemas', () => {
    const vm = generated.apis.deployVirtualMachine as ApiDefinition;
    const missing = vm.params.safeParse({ zoneid: '1', templateid: '2' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.message)).toEqual([
      'parameter "serviceofferingid" is required',
    ]);
    const typo = vm.params.safeParse({ zoneid: '1', templateid: '2', serviceofferingid: '3', startVM: true });
    expect(typo.error?.issues[0]?.message).toMatch(/has no parameter "startVM" \(did you mean "startvm"\?\)/);
    expect(
      vm.response.parse({ virtualmachine: { id: 'x', cpunumber: '2', nic: [{ isdefault: true }] } }),
    ).toEqual({
      virtualmachine: { id: 'x', cpunumber: 2, nic: [{ isdefault: true }] },
    });
    expect(vm.response.safeParse({ virtualmachine: { nic: 'eth0' } }).success).toBe(false);
    const start = generated.apis.startVirtualMachine as ApiDefinition;
    expect(start.response.parse({ virtualmachine: { cpunumber: '1' } })).toEqual({
      virtualmachine: { cpunumber: 1 },
    });
    expect(start.response.safeParse({ virtualmachine: { nic: 'eth0' } }).success).toBe(false);
    const zones = generated.apis.listZones as ApiDefinition;
    expect(zones.response.parse({})).toEqual({});
    // The shared tag shape checks a zone's tags and a VM's alike.
    expect(zones.response.parse({ zone: [{ tags: [{ key: 'k', value: 1 }] }] })).toEqual({
      zone: [{ tags: [{ key: 'k', value: '1' }] }],
    });
    expect(vm.response.safeParse({ virtualmachine: { tags: [{ key: {} }] } }).success).toBe(false);
    expect(
      zones.response.safeParse({ count: 1, zone: [{ capacity: [{ capacitytotal: 'lots' }] }] }).success,
    ).toBe(false);
    const login = generated.apis.login as ApiDefinition;
    expect(login.response.parse({ sessionkey: 'k', timeout: 1800 })).toEqual({
      sessionkey: 'k',
      timeout: 1800,
    });
  });

  it('builds schemas from the docs once, on first use', () => {
    // Docs that do not parse: define itself does not read them, the first use of a schema does.
    const broken = define({
      name: 'x',
      isAsync: false,
      description: '',
      related: [],
      paramDocs: ['{not json'],
      responseDocs: ['{not json'],
    });
    expect(broken.name).toBe('x');
    expect(() => broken.params).toThrow(SyntaxError);
    expect(() => broken.response).toThrow(SyntaxError);
    const zones = generated.apis.listZones as ApiDefinition;
    expect(zones.params).toBe(zones.params);
    expect(zones.response).toBe(zones.response);
  });

  it('checks a parameter of an unknown type as text, by the same table as the generated type', () => {
    const widget = generated.apis.frobnicateWidget as ApiDefinition;
    expect(widget.params.parse({ id: '42', schedule: 5 })).toEqual({ id: '42', schedule: '5' });
  });

  it('typed functions call request, or requestAsync for async APIs', async () => {
    const calls: unknown[][] = [];
    const client: CloudStackCaller = {
      request: async (...args: unknown[]) => {
        calls.push(['request', ...args]);
        return { count: 0 } as never;
      },
      requestAsync: async (...args: unknown[]) => {
        calls.push(['requestAsync', ...args]);
        return { virtualmachine: { id: 'vm' } } as never;
      },
      waitForJob: async () => {
        throw new Error('not used');
      },
      listAll: async () => {
        throw new Error('not used');
      },
    };
    expect(await generated.listZones(client)).toEqual({ count: 0 });
    const options = { timeoutMs: 5 };
    const params = { zoneid: 'z', templateid: 't', serviceofferingid: 's' };
    expect(await generated.deployVirtualMachine(client, params, options)).toEqual({
      virtualmachine: { id: 'vm' },
    });
    expect(calls).toEqual([
      ['request', 'listZones', {}, undefined],
      ['requestAsync', 'deployVirtualMachine', params, options],
    ]);
  });
});
