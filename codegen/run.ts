// One codegen run: normalise a listApis answer, store it in the cache folder, generate the bindings into the
// output folder (or, with `check`, only report what a run would change). Sources (file, server, CloudMonkey,
// simulator) are the CLI's business; this takes the answer they fetched.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { type DumpNotice, normaliseDumpWithNotices, serialiseDump } from '../src/cloudstack/listapis.js';
import {
  diffOutput,
  generateBindings,
  type Manifest,
  type OutputDifference,
  writeOutput,
} from './generate.js';
import type { UnknownType } from './model.js';

export interface RunOptions {
  /** The cache file's name without `.json`: the CloudStack version, or a name like `simulator`. */
  name: string;
  /** Folder of the normalised dumps (api-cache/). */
  cacheDir: string;
  /** Folder of the bindings (generated/). */
  outDir: string;
  /** The CloudStack version, when the source told it. */
  version?: string;
  /** Only compare: write nothing, report the differences. */
  check?: boolean;
  /** Paths in banners and the manifest are relative to this folder (default: the working directory). */
  cwd?: string;
  /** Where src/cloudstack's types are (default: this package's); for output outside the repository. */
  typesDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface RunSummary {
  apiCount: number;
  asyncApiCount: number;
  paramCount: number;
  unknownTypes: UnknownType[];
  notices: DumpNotice[];
  cacheFile: string;
  outDir: string;
  manifest: Manifest;
  /** Output files written, changed or removed (with `check`: that a run would write, change or remove). */
  differences: OutputDifference[];
  /** Whether the cache file differs (with `check`) or was rewritten. */
  cacheChanged: boolean;
  fileCount: number;
  milliseconds: number;
}

const NAME = /^[\w.-]+$/;

function relative(cwd: string, target: string): string {
  const rel = path.relative(cwd, target);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? target : rel;
  return shown.split(path.sep).join('/');
}

/** Version-like names (4.18.0, 4.18.0.0) double as the version. */
export function versionFromName(name: string): string | undefined {
  return /^\d+(\.\d+)+([-.][\w.]+)?$/.test(name) ? name : undefined;
}

/**
 * For a process that runs codegen and exits (the CLI command): keep V8's young generation at its first size.
 * Everything codegen builds (the dump, the model, the output) lives to the end, so by default V8 grows the
 * young generation to 32 MB on the way, a third of the run's peak memory; kept small, the 4.18.0 dump's run
 * peaks at about 80 MB instead of 105 (bench/RESULTS.md). Process-wide: not for a long-lived process.
 */
export function tuneHeapForBatchRun(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

export function runCodegen(raw: unknown, options: RunOptions): RunSummary {
  const started = performance.now();
  if (!NAME.test(options.name)) {
    throw new Error(
      `codegen: --name must be letters, digits, dots, dashes or underscores, got "${options.name}"`,
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const normalised = normaliseDumpWithNotices(raw);
  const version = options.version ?? normalised.version ?? versionFromName(options.name);
  const cacheText = serialiseDump(normalised.dump, version);
  const cacheFile = path.resolve(cwd, options.cacheDir, `${options.name}.json`);
  const outDir = path.resolve(cwd, options.outDir);
  const source = relative(cwd, cacheFile);
  const out = relative(cwd, outDir);
  const generated = generateBindings(normalised.dump, {
    outDir,
    source,
    command: `cloudstack-mcp codegen --input ${source} --out ${out}`,
    ...(version ? { version } : {}),
    ...(options.typesDir ? { typesDir: options.typesDir } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const cacheChanged = !existsSync(cacheFile) || readFileSync(cacheFile, 'utf8') !== cacheText;
  let differences: OutputDifference[];
  if (options.check) {
    differences = diffOutput(outDir, generated.files);
  } else {
    if (cacheChanged) {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, cacheText);
    }
    differences = writeOutput(outDir, generated.files);
  }
  return {
    apiCount: generated.manifest.apiCount,
    asyncApiCount: generated.manifest.asyncApiCount,
    paramCount: generated.manifest.paramCount,
    unknownTypes: generated.model.unknownTypes,
    notices: normalised.notices,
    cacheFile: source,
    outDir: out,
    manifest: generated.manifest,
    differences,
    cacheChanged,
    fileCount: generated.files.size,
    milliseconds: performance.now() - started,
  };
}

/** The end-of-run summary for people. */
export function formatSummary(summary: RunSummary, check = false): string {
  const lines: string[] = [];
  const seconds = (summary.milliseconds / 1000).toFixed(1);
  lines.push(
    `${summary.apiCount} APIs (${summary.asyncApiCount} async), ${summary.paramCount} parameters, ` +
      `${summary.unknownTypes.length} unknown types, ${seconds} s`,
  );
  for (const unknown of summary.unknownTypes) {
    const fallback = unknown.where === 'param' ? 'string' : 'unknown';
    lines.push(
      `  warning: ${unknown.api} ${unknown.where} "${unknown.name}" has unknown type "${unknown.type}" (used ${fallback})`,
    );
  }
  for (const notice of summary.notices)
    lines.push(`  note: ${notice.api ? `${notice.api}: ` : ''}${notice.message}`);
  const changes = summary.differences.length;
  if (check) {
    const stale = changes > 0 || summary.cacheChanged;
    lines.push(
      stale
        ? `out of date: a codegen run would change ${changes + (summary.cacheChanged ? 1 : 0)} files:`
        : 'up to date',
    );
    if (summary.cacheChanged) lines.push(`  changed ${summary.cacheFile}`);
    for (const difference of summary.differences)
      lines.push(`  ${difference.change} ${summary.outDir}/${difference.file}`);
  } else {
    lines.push(
      `cache: ${summary.cacheFile}${summary.cacheChanged ? '' : ' (unchanged)'} (sha256 ${summary.manifest.sha256.slice(0, 12)}...)`,
    );
    lines.push(
      `output: ${summary.outDir}/ (${summary.fileCount} files; ${changes === 0 ? 'unchanged' : summary.differences.map((d) => `${d.change} ${d.file}`).join(', ')})`,
    );
  }
  return lines.join('\n');
}
