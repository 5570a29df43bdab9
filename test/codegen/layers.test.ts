// One direction: codegen → generated → src. Nothing in src/ loads codegen/ at run time (the live catalog builds
// schemas with src/cloudstack's own helpers), except the two commands that run codegen; the generated code
// imports only itself and src/cloudstack (the helpers are imported, not copied into generated/), and not zod:
// its schemas are built from its docs at run time, so the compiler checks no zod code in it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'/g)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
  return [...found, ...dynamic].filter((s): s is string => s !== undefined);
}

function resolved(file: string, specifier: string): string {
  return specifier.startsWith('.')
    ? path
        .relative(repoRoot, path.resolve(path.dirname(file), specifier))
        .split(path.sep)
        .join('/')
    : specifier;
}

it('keeps src/ free of codegen/ imports, except the commands that run codegen', () => {
  const commands = ['src/cli/codegen.ts', 'src/cli/api-diff.ts'];
  const offenders = sources(path.join(repoRoot, 'src'))
    .filter((file) => !commands.includes(path.relative(repoRoot, file).split(path.sep).join('/')))
    .flatMap((file) =>
      imports(file)
        .map((specifier) => resolved(file, specifier))
        .filter((target) => target.startsWith('codegen/'))
        .map((target) => `${path.relative(repoRoot, file)} imports ${target}`),
    );
  expect(offenders).toEqual([]);
});

it('lets the generated code import only itself and src/cloudstack', () => {
  const files = sources(path.join(repoRoot, 'generated'));
  expect(files.length).toBeGreaterThan(2);
  const targets = new Set(
    files.flatMap((file) => imports(file).map((specifier) => resolved(file, specifier))),
  );
  const outside = [...targets].filter(
    (target) => !target.startsWith('generated/') && !target.startsWith('src/cloudstack/'),
  );
  expect(outside).toEqual([]);
  expect(targets).toContain('src/cloudstack/schema-helpers.js');
  expect(targets).toContain('src/cloudstack/api-function.js');
});
