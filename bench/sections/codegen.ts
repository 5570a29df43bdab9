// Codegen: generating bindings for the 4.18.0 dump, type-checking them, and what loading them costs a
// server at start-up (schemas built on first use vs every schema built at once).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runChild } from '../lib/child.js';
import { distRoot, repoRoot, sharedRoot } from '../lib/paths.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';
import { median, now } from '../stats.js';

const DUMP = path.join(sharedRoot, 'api-dumps', '4.18.0.json');
/** Inside the repository (ignored dist/) so the output resolves zod from the project's node_modules. */
const WORK = path.join(distRoot, '.bench-codegen');
const LOAD_RUNS = 5;

interface TypeCheck {
  ms: number;
  errors: number;
  messages: string[];
  emitMs?: number;
}

interface BindingsLoad {
  importMs: number;
  buildMs: number;
  apis: number;
  heapAfterImportMb: number;
  heapAfterBuildMb: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** Files of the same number and sizes as `files`, holding only trivially typed constants. */
function writeTrivialTwins(files: string[], fromDir: string, toDir: string): string[] {
  return files.map((file, i) => {
    const size = statSync(file).size;
    const lines: string[] = [];
    let length = 0;
    for (let n = 0; length < size; n++) {
      const line = `export const v${i}_${n}: number = ${n};`;
      lines.push(line);
      length += line.length + 1;
    }
    const twin = path.join(toDir, path.relative(fromDir, file));
    mkdirSync(path.dirname(twin), { recursive: true });
    writeFileSync(twin, `${lines.join('\n')}\n`);
    return twin;
  });
}

export const codegenSection: Section = {
  name: 'codegen',
  title: 'Codegen (4.18.0 dump)',
  method: [
    'Generation: a fresh Node process running what `codegen --input ../shared/api-dumps/4.18.0.json --out <tmp>` ' +
      "runs (parseDumpText, generateBindings, writeOutput from codegen/), from spawn to its answer; the command's " +
      'api-cache/ copy is left out so the benchmark never writes into the repository. Baseline: a Node process ' +
      'that parses the same dump and writes the same bytes to the same number of files (the I/O and start-up ' +
      'floor, with no generating).',
    "Type-check: the TypeScript compiler API with the project's tsconfig options over the generated .ts files, " +
      'in a fresh process (createProgram + getPreEmitDiagnostics). Baseline: the same number of files of the same ' +
      'sizes holding only `export const vN: number = N;` lines, checked the same way: what the compiler costs for ' +
      'that much trivial code, so the ratio is what the zod schemas and types themselves add.',
    `Start-up: the output compiled to JavaScript, then in ${LOAD_RUNS} fresh processes each: \`import\` of its ` +
      "index.js (schemas are built on first use), then every API's `params` and `response` schema touched (what " +
      'building all schemas at start-up would cost). Baseline for the import: importing zod alone. Medians.',
  ],
  async run({ log }) {
    rmSync(WORK, { recursive: true, force: true });
    const genDir = path.join(WORK, 'gen');
    const floorDir = path.join(WORK, 'floor');
    const trivialDir = path.join(WORK, 'trivial');
    const jsDir = path.join(WORK, 'js');
    try {
      const generateStarted = now();
      await runChild('codegen-child', [], { dump: DUMP, outDir: genDir });
      const generateMs = now() - generateStarted;
      const files = listFiles(genDir);
      const tsFiles = files.filter((file) => file.endsWith('.ts'));
      const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
      log(
        `generated ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB in ${generateMs.toFixed(0)} ms`,
      );
      const floorStarted = now();
      await runChild('write-floor-child', [], { dump: DUMP, sourceDir: genDir, outDir: floorDir });
      const floorMs = now() - floorStarted;

      const check = await runChild<TypeCheck>('typecheck-child', [], { rootNames: tsFiles, emitDir: jsDir });
      if (check.errors > 0) {
        throw new Error(
          `the generated output has ${check.errors} type errors, e.g. ${check.messages.join(' | ')}`,
        );
      }
      const twins = writeTrivialTwins(tsFiles, genDir, trivialDir);
      const trivial = await runChild<TypeCheck>('typecheck-child', [], { rootNames: twins });
      log(`type-check ${check.ms.toFixed(0)} ms, trivial twins ${trivial.ms.toFixed(0)} ms`);

      const index = path.join(jsDir, path.relative(repoRoot, genDir), 'index.js');
      const loads: BindingsLoad[] = [];
      const zodOnly: BindingsLoad[] = [];
      for (let i = 0; i < LOAD_RUNS; i++) {
        zodOnly.push(await runChild<BindingsLoad>('bindings-child', ['zod']));
        loads.push(await runChild<BindingsLoad>('bindings-child', [index]));
      }
      const apis = loads[0]?.apis ?? 0;
      const manifest = JSON.parse(readFileSync(path.join(genDir, 'manifest.json'), 'utf8')) as {
        apiCount?: number;
      };
      if (apis !== manifest.apiCount)
        throw new Error(`loaded ${apis} APIs, the manifest says ${manifest.apiCount}`);
      const importMs = median(loads.map((l) => l.importMs));
      const buildMs = median(loads.map((l) => l.buildMs));
      const figures: Figure[] = [
        {
          metric: `generate ${apis} APIs (${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB)`,
          value: generateMs,
          unit: 'ms',
          baseline: { label: 'parse dump + write same bytes', value: floorMs },
        },
        {
          metric: 'type-check the output',
          value: check.ms,
          unit: 'ms',
          baseline: { label: 'same-size trivial .ts files', value: trivial.ms },
        },
        {
          metric: 'import the bindings (schemas lazy)',
          value: importMs,
          unit: 'ms',
          baseline: { label: 'import zod alone', value: median(zodOnly.map((l) => l.importMs)) },
        },
        {
          metric: `import + build all ${apis} params/response schemas`,
          value: importMs + buildMs,
          unit: 'ms',
          baseline: { label: 'import only (lazy)', value: importMs },
          note: `heap after import ${median(loads.map((l) => l.heapAfterImportMb)).toFixed(0)} MB, after building every schema ${median(loads.map((l) => l.heapAfterBuildMb)).toFixed(0)} MB`,
        },
      ];
      return figures;
    } finally {
      rmSync(WORK, { recursive: true, force: true });
    }
  },
};
