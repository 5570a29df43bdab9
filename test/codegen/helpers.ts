// Shared by the codegen tests: paths, scratch folders inside the repository (so generated code resolves zod
// and src/cloudstack like the real generated/ does), and a type-check with the project's compiler options.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const dumpsDir = path.join(sharedDir, 'api-dumps');
export const responsesDir = path.join(sharedDir, 'cloudstack-responses');
export const fixtureDump = path.join(repoRoot, 'test', 'fixtures', 'codegen', 'mini.json');

/** The real listApis dumps in ../shared/api-dumps (never copied into the repository). */
export function dumpFiles(): string[] {
  return readdirSync(dumpsDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => path.join(dumpsDir, file));
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A fresh folder under <repo>/tmp (git-ignored); remove it with `rmSync(dir, { recursive: true })`. */
export function scratchDir(prefix: string): string {
  const base = path.join(repoRoot, 'tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

/** Type-checks files with tsconfig.json's options (strict, noUncheckedIndexedAccess, NodeNext). */
export function typeCheck(files: readonly string[]): { diagnostics: string[]; milliseconds: number } {
  const started = performance.now();
  const configFile = ts.readConfigFile(path.join(repoRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, repoRoot);
  const program = ts.createProgram({
    rootNames: [...files],
    options: { ...parsed.options, noEmit: true, incremental: false, composite: false },
  });
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => repoRoot,
    getNewLine: () => '\n',
  };
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.formatDiagnostic(d, host).trim());
  return { diagnostics, milliseconds: performance.now() - started };
}

/** Each captured real response (../shared/cloudstack-responses), unwrapped from its `<x>response` key. */
export function realResponses(): { api: string; file: string; body: Record<string, unknown> }[] {
  const out: { api: string; file: string; body: Record<string, unknown> }[] = [];
  for (const file of readdirSync(responsesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const byApi = readJson(path.join(responsesDir, file)) as Record<string, Record<string, unknown>>;
    for (const [api, wrapped] of Object.entries(byApi)) {
      const keys = Object.keys(wrapped);
      if (keys.length !== 1)
        throw new Error(`${file} ${api}: expected one <x>response key, got ${keys.join(',')}`);
      out.push({ api, file, body: wrapped[keys[0] as string] as Record<string, unknown> });
    }
  }
  return out;
}
