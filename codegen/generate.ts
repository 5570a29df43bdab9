// Emit stage: the model printed into files (in memory) with ts-morph, one emitter per output kind; then
// written to the output folder, wiping what is no longer produced.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  type StatementStructures,
  StructureKind,
} from 'ts-morph';
import { type ApiModel, type BindingsModel, buildModel } from './api-model.js';
import { banner } from './emit/banner.js';
import { emitFunction } from './emit/functions.js';
import { emitParamsSchema, emitParamsType } from './emit/params.js';
import { emitGroupDefinitions, groupVariable } from './emit/registry.js';
import { bodyKey, emitBodySchema, emitResponseSchema, emitResponseTypes } from './emit/response.js';
import { emitRuntime } from './emit/runtime.js';
import type { NormalisedDump, UnknownType } from './model.js';
import { quote } from './naming.js';
import { dumpHash } from './normalise.js';

export interface GenerateOptions {
  /** Where the output goes (the import paths to src/cloudstack are computed from it). */
  outDir: string;
  /** The dump's name in banners and the manifest, e.g. `api-cache/simulator.json`. */
  source: string;
  /** The command the banners name for rebuilding; default `cloudstack-mcp codegen --input <source>`. */
  command?: string;
  /** The CloudStack version, when known. */
  version?: string;
  /** The folder holding src/cloudstack's types.ts and binding.ts (default: this package's). */
  typesDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface Manifest {
  generator: string;
  source: string;
  sha256: string;
  cloudstackVersion: string | null;
  apiCount: number;
  asyncApiCount: number;
  paramCount: number;
  files: string[];
  unknownTypes: UnknownType[];
}

export interface GeneratedOutput {
  /** Relative path (posix) → content. */
  files: Map<string, string>;
  manifest: Manifest;
  model: BindingsModel;
}

export const MANIFEST = 'manifest.json';

/** The package's src/cloudstack: next to codegen/ from source, or dist/src/cloudstack when built. */
function defaultTypesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const root of [path.resolve(here, '..'), path.resolve(here, '..', '..')]) {
    if (existsSync(path.join(root, 'src', 'cloudstack', 'binding.ts')))
      return path.join(root, 'src', 'cloudstack');
  }
  return path.resolve(here, '..', 'src', 'cloudstack');
}

function importPath(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function newProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Single,
      newLineKind: NewLineKind.LineFeed,
      useTrailingCommas: true,
    },
  });
}

function print(
  project: Project,
  name: string,
  head: string,
  statements: (string | StatementStructures)[],
): string {
  // Text statements get a blank line before them, as ts-morph gives its structures.
  const spaced = statements.map((statement) =>
    typeof statement === 'string' ? `\n${statement}` : statement,
  );
  const file = project.createSourceFile(name, { statements: spaced }, { overwrite: true });
  // One blank line between statements (ts-morph's own spacing plus the text statements' would give two).
  const text = `${head}\n\n${file.getFullText().replace(/\n{3,}/g, '\n\n')}`;
  project.removeSourceFile(file);
  return text;
}

function groupFile(
  apis: readonly ApiModel[],
  group: string,
  typesImport: string,
): (string | StatementStructures)[] {
  const text = apis.map((api) => JSON.stringify(api.params.map((p) => p.rule.ts)));
  const usesMap = text.some((t) => t.includes('MapParam'));
  const usesScalar = text.some((t) => t.includes('Scalar'));
  const anyAsync = apis.some((api) => api.isAsync);
  const runtimeNames = [
    'define',
    ...(usesMap ? ['type MapParam'] : []),
    'once',
    'p',
    'r',
    ...(usesScalar ? ['type Scalar'] : []),
  ];
  // The first API (in name order) with a given response body owns its interfaces and schema builder.
  const owners = new Map<string, ApiModel>();
  const ownerOf = (api: ApiModel): ApiModel => {
    const key = bodyKey(api);
    const owner = owners.get(key) ?? api;
    owners.set(key, owner);
    return owner;
  };
  const definitions = emitGroupDefinitions(group, apis);
  const statements: (string | StatementStructures)[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: 'zod', namedImports: ['z'] },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: typesImport,
      namedImports: ['CallOptions', 'CloudStackCaller', ...(anyAsync ? ['WaitOptions'] : [])],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../_runtime.js', namedImports: runtimeNames },
  ];
  for (const api of apis) {
    statements.push(emitParamsType(api), ...emitResponseTypes(api, ownerOf(api)), emitFunction(api));
  }
  for (const api of apis) {
    const owner = ownerOf(api);
    if (owner === api) statements.push(emitBodySchema(api));
    statements.push(emitParamsSchema(api), emitResponseSchema(api, owner));
  }
  statements.push(...definitions);
  return statements;
}

function indexFile(groups: readonly string[], names: readonly string[]): (string | StatementStructures)[] {
  const statements: (string | StatementStructures)[] = groups.map((group) => ({
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: `./apis/${group}.js`,
    namedImports: [groupVariable(group)],
  }));
  for (const group of groups) {
    statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./apis/${group}.js` });
  }
  statements.push(
    {
      kind: StructureKind.ExportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './_runtime.js',
      namedExports: ['MapParam', 'Scalar'],
    },
    [
      '/** Every API of the dump by name: docs at once, `params` and `response` schemas built on first use. */',
      'export const apis = {',
      ...groups.map((group) => `  ...${groupVariable(group)},`),
      '};',
    ].join('\n'),
    '/** An API name of the dump. */\nexport type ApiName = keyof typeof apis;',
    [
      '/** The API names, sorted. */',
      'export const apiNames: readonly ApiName[] = [',
      ...names.map((name) => `  ${quote(name)},`),
      '];',
    ].join('\n'),
  );
  return statements;
}

/** Generates every output file in memory. Same dump and options in, same bytes out. */
export function generateBindings(dump: NormalisedDump, options: GenerateOptions): GeneratedOutput {
  const model = buildModel(dump);
  const hash = dumpHash(dump, options.version);
  const head = banner({
    source: options.source,
    hash,
    command: options.command ?? `cloudstack-mcp codegen --input ${options.source}`,
  });
  const typesDir = options.typesDir ?? defaultTypesDir();
  const outDir = path.resolve(options.outDir);
  const project = newProject();
  const files = new Map<string, string>();

  const byGroup = new Map<string, ApiModel[]>();
  for (const api of model.apis) {
    const list = byGroup.get(api.group) ?? [];
    list.push(api);
    byGroup.set(api.group, list);
  }
  const groups = [...byGroup.keys()].sort();
  const typesImport = `${importPath(path.join(outDir, 'apis'), typesDir)}/types.js`;
  let done = 0;
  for (const group of groups) {
    const apis = byGroup.get(group) ?? [];
    files.set(
      `apis/${group}.ts`,
      print(project, `/apis/${group}.ts`, head, groupFile(apis, group, typesImport)),
    );
    done += apis.length;
    options.onProgress?.(done, model.apis.length);
  }
  files.set(
    'index.ts',
    print(
      project,
      '/index.ts',
      head,
      indexFile(
        groups,
        model.apis.map((api) => api.name),
      ),
    ),
  );
  files.set('_runtime.ts', emitRuntime(project, `${importPath(outDir, typesDir)}/binding.js`, head));

  const manifest: Manifest = {
    generator: 'cloudstack-mcp codegen',
    source: options.source,
    sha256: hash,
    cloudstackVersion: options.version ?? null,
    apiCount: model.apis.length,
    asyncApiCount: model.apis.filter((api) => api.isAsync).length,
    paramCount: model.paramCount,
    files: [...files.keys(), MANIFEST].sort(),
    unknownTypes: model.unknownTypes,
  };
  files.set(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, manifest, model };
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .gitkeep and the like are not ours
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out.sort();
}

export interface OutputDifference {
  file: string;
  change: 'added' | 'changed' | 'removed';
}

/** What writing `files` to `outDir` would change (empty: the output is up to date). */
export function diffOutput(outDir: string, files: ReadonlyMap<string, string>): OutputDifference[] {
  const differences: OutputDifference[] = [];
  for (const [file, content] of files) {
    const target = path.join(outDir, file);
    if (!existsSync(target)) differences.push({ file, change: 'added' });
    else if (readFileSync(target, 'utf8') !== content) differences.push({ file, change: 'changed' });
  }
  for (const file of listFiles(outDir)) {
    if (!files.has(file)) differences.push({ file, change: 'removed' });
  }
  return differences.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Writes the output, leaving unchanged files untouched, and removes every other file in the folder.
 * Refuses a non-empty folder that codegen did not make (no manifest.json), so a wrong `--out` wipes nothing.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>): OutputDifference[] {
  const existing = listFiles(outDir);
  if (existing.length > 0 && !existing.includes(MANIFEST)) {
    throw new Error(
      `codegen: ${outDir} holds files codegen did not make (no ${MANIFEST}); choose an empty or generated folder`,
    );
  }
  const differences = diffOutput(outDir, files);
  for (const { file, change } of differences) {
    const target = path.join(outDir, file);
    if (change === 'removed') {
      rmSync(target);
      removeEmptyParents(path.dirname(target), outDir);
    } else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, files.get(file) ?? '');
    }
  }
  return differences;
}

function removeEmptyParents(dir: string, stop: string): void {
  let current = dir;
  while (
    path.resolve(current) !== path.resolve(stop) &&
    existsSync(current) &&
    statSync(current).isDirectory()
  ) {
    if (readdirSync(current).length > 0) return;
    rmSync(current, { recursive: true });
    current = path.dirname(current);
  }
}
