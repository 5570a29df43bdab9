// Emit stage: the model printed into files (in memory) as text, one emitter per output kind; then written to
// the output folder, wiping what is no longer produced. The text is built directly: a ts-morph Project (and
// the TypeScript compiler it loads) cost three quarters of a run and most of its memory.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumpHash, type NormalisedDump } from '../src/cloudstack/listapis.js';
import { type ApiModel, type BindingsModel, buildModel } from './api-model.js';
import { banner } from './emit/banner.js';
import { emitFunction, functionFactory } from './emit/functions.js';
import { emitParamsType } from './emit/params.js';
import { emitGroupDefinitions, groupVariable } from './emit/registry.js';
import { emitResponseTypes, emitShapeInterface, type ShapeRefs } from './emit/response.js';
import type { UnknownType } from './model.js';
import { quote } from './naming.js';
import { objectsOf, SHARED_FILE, type Shape, ShapeIndex } from './shapes.js';

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

/**
 * The package's src/cloudstack: its sources when there are any, else the built dist/src/cloudstack (an
 * installed package). This file runs from codegen/ (sources), dist/codegen/ (tsc), or dist/src/cli/ (the
 * bundled command line, scripts/bundle.mjs).
 */
function defaultTypesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const roots = [1, 2, 3].map((up) => path.resolve(here, ...Array<string>(up).fill('..')));
  for (const file of ['binding.ts', 'binding.js']) {
    const root = roots.find((dir) => existsSync(path.join(dir, 'src', 'cloudstack', file)));
    if (root) return path.join(root, 'src', 'cloudstack');
  }
  return path.resolve(here, '..', 'src', 'cloudstack');
}

function importPath(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The helpers module the generated code imports `define` from (src/cloudstack/schema-helpers.ts). */
const HELPERS = 'schema-helpers.js';
/** The module of the typed functions' factories (src/cloudstack/api-function.ts). */
const FUNCTIONS = 'api-function.js';

function byImportName(a: string, b: string): number {
  const x = a.replace(/^type /, '');
  const y = b.replace(/^type /, '');
  const lower = x.toLowerCase().localeCompare(y.toLowerCase());
  return lower !== 0 ? lower : x < y ? -1 : x > y ? 1 : 0;
}

function importLine(names: readonly string[], from: string, typeOnly = false): string {
  const sorted = [...names].sort(byImportName);
  const head = `import ${typeOnly ? 'type ' : ''}`;
  const line = `${head}{ ${sorted.join(', ')} } from ${quote(from)};`;
  if (line.length <= 110) return line;
  return `${head}{\n${sorted.map((name) => `  ${name},`).join('\n')}\n} from ${quote(from)};`;
}

/** A file: banner, imports, then the statements with one blank line between them. */
function fileText(head: string, imports: readonly string[], statements: readonly string[]): string {
  return `${head}\n\n${imports.join('\n')}\n\n${statements.join('\n\n')}\n`;
}

/** Shape references of one file; those living in another file are collected for its import line. */
class FileRefs implements ShapeRefs {
  readonly imported = new Set<string>();

  constructor(
    readonly shapes: ShapeIndex,
    private readonly home: string | undefined,
  ) {}

  private local(shape: Shape): boolean {
    return shape.home === this.home;
  }

  type(shape: Shape): string {
    if (!this.local(shape)) this.imported.add(shape.typeName);
    return shape.typeName;
  }
}

function groupFile(
  apis: readonly ApiModel[],
  group: string,
  shapes: ShapeIndex,
  head: string,
  typesDir: string,
): string {
  const refs = new FileRefs(shapes, group);
  const types: string[] = [];
  const written = new Set<Shape>();
  for (const api of apis) {
    // The shapes this file holds, written where the first of its APIs that has them is.
    const own: Shape[] = [];
    for (const object of objectsOf(api.body)) {
      const shape = shapes.of(object);
      if (shape.home !== group || written.has(shape)) continue;
      written.add(shape);
      own.push(shape);
    }
    types.push(emitParamsType(api), ...own.map((shape) => emitShapeInterface(shape, refs)));
    types.push(...emitResponseTypes(api, refs), emitFunction(api));
  }
  const definitions = emitGroupDefinitions(group, apis);
  const paramTypes = apis.map((api) => api.params.map((param) => param.rule.ts).join(' ')).join(' ');
  const helpers = [
    'define',
    ...(paramTypes.includes('MapParam') ? ['type MapParam'] : []),
    ...(paramTypes.includes('Scalar') ? ['type Scalar'] : []),
  ];
  const imports = [
    importLine([...new Set(apis.map(functionFactory))], `${typesDir}/${FUNCTIONS}`),
    importLine(helpers, `${typesDir}/${HELPERS}`),
    ...(refs.imported.size > 0 ? [importLine([...refs.imported], `../${SHARED_FILE}.js`, true)] : []),
  ];
  return fileText(head, imports, [...types, ...definitions]);
}

/** `_shapes.ts`: the interfaces of the shapes used by more than one group file. */
function sharedFile(shared: readonly Shape[], shapes: ShapeIndex, head: string): string {
  const refs = new FileRefs(shapes, undefined);
  return `${head}\n\n${shared.map((shape) => emitShapeInterface(shape, refs)).join('\n\n')}\n`;
}

function indexFile(
  groups: readonly string[],
  names: readonly string[],
  head: string,
  helpers: string,
  anyShared: boolean,
): string {
  const imports = groups.map((group) => importLine([groupVariable(group)], `./apis/${group}.js`));
  const statements = [
    [
      ...groups.map((group) => `export * from './apis/${group}.js';`),
      ...(anyShared ? [`export type * from './${SHARED_FILE}.js';`] : []),
      `export type { MapParam, Scalar } from ${quote(`${helpers}/${HELPERS}`)};`,
    ].join('\n'),
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
  ];
  return fileText(head, imports, statements);
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
  const files = new Map<string, string>();
  const shapes = new ShapeIndex(model.apis);
  const shared = shapes.shared();

  const byGroup = new Map<string, ApiModel[]>();
  for (const api of model.apis) {
    const list = byGroup.get(api.group) ?? [];
    list.push(api);
    byGroup.set(api.group, list);
  }
  const groups = [...byGroup.keys()].sort();
  const fromApis = importPath(path.join(outDir, 'apis'), typesDir);
  const fromTop = importPath(outDir, typesDir);
  let done = 0;
  for (const group of groups) {
    const apis = byGroup.get(group) ?? [];
    files.set(`apis/${group}.ts`, groupFile(apis, group, shapes, head, fromApis));
    done += apis.length;
    options.onProgress?.(done, model.apis.length);
  }
  if (shared.length > 0) files.set(`${SHARED_FILE}.ts`, sharedFile(shared, shapes, head));
  files.set(
    'index.ts',
    indexFile(
      groups,
      model.apis.map((api) => api.name),
      head,
      fromTop,
      shared.length > 0,
    ),
  );

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
