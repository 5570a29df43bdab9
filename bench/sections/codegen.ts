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
/** Generation and its floor alternate this many times (the machine is shared: medians). */
const GENERATE_RUNS = 5;
/** Type-checks of the output and of its trivial twins, alternating. */
const CHECK_RUNS = 5;

interface TypeCheck {
  ms: number;
  cpuMs: number;
  errors: number;
  messages: string[];
  emitMs?: number;
}

interface ChildRun {
  maxRssMb: number;
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
      "runs (tuneHeapForBatchRun, parseDumpText, generateBindings, writeOutput), from spawn to its answer; the command's " +
      'api-cache/ copy is left out so the benchmark never writes into the repository. Peak memory: that ' +
      "process's maxRSS (process.resourceUsage()). Baseline: a Node process that parses the same dump and writes " +
      'the same bytes to the same number of files (the I/O and start-up floor, with no generating). ' +
      `${GENERATE_RUNS} runs each, alternating; medians. For scale (not run here: the project has no Go): ` +
      "cloudstack-go's Go generator does the same dump in 0.47-0.62 s wall with 20 MB peak RSS (issue 13's figures).",
    "Type-check: the TypeScript compiler API with the project's tsconfig options over the generated .ts files, " +
      'in a fresh process (createProgram + getPreEmitDiagnostics). The output is generated a second time with ' +
      "src/cloudstack taken from the build (dist/src/cloudstack, --out's typesDir), so that, like a project using the " +
      "package, the check reads the library's declarations (.d.ts) and checks only the generated code; the other " +
      "row checks the output against the repository's sources, so it also checks the bodies of the helpers it " +
      'imports (src/cloudstack/schema-helpers.ts, api-function.ts and what they import). The output holds types, ' +
      'docs and one factory call per API; its schemas are built from the docs at run time. ' +
      'Baseline: the same number of files of the same sizes holding only `export const vN: number = N;` lines, ' +
      'checked the same way: what the compiler costs for that much trivial code, so the ratio is what the zod ' +
      `schemas and types themselves add. ${CHECK_RUNS} runs each, alternating; medians of the checking ` +
      "process's CPU time (user + system): on this shared machine the wall time mostly measures the neighbours.",
    `Start-up: the output checked against the build, compiled to JavaScript next to it, then in ${LOAD_RUNS} fresh processes each: \`import\` of its ` +
      "index.js (schemas are built on first use), then every API's `params` and `response` schema touched (what " +
      'building all schemas at start-up would cost). Baseline for the import: importing zod alone. Medians.',
  ],
  async run({ log }) {
    rmSync(WORK, { recursive: true, force: true });
    const genDir = path.join(WORK, 'gen');
    const floorDir = path.join(WORK, 'floor');
    const trivialDir = path.join(WORK, 'trivial');
    const consumerDir = path.join(WORK, 'consumer');
    try {
      const generateRuns: { ms: number; rss: number }[] = [];
      const floorRuns: { ms: number; rss: number }[] = [];
      for (let i = 0; i < GENERATE_RUNS; i++) {
        rmSync(genDir, { recursive: true, force: true });
        rmSync(floorDir, { recursive: true, force: true });
        const generateStarted = now();
        const generated = await runChild<ChildRun>('codegen-child', [], { dump: DUMP, outDir: genDir });
        generateRuns.push({ ms: now() - generateStarted, rss: generated.maxRssMb });
        const floorStarted = now();
        const floor = await runChild<ChildRun>('write-floor-child', [], {
          dump: DUMP,
          sourceDir: genDir,
          outDir: floorDir,
        });
        floorRuns.push({ ms: now() - floorStarted, rss: floor.maxRssMb });
      }
      const generateMs = median(generateRuns.map((run) => run.ms));
      const floorMs = median(floorRuns.map((run) => run.ms));
      const files = listFiles(genDir);
      const tsFiles = files.filter((file) => file.endsWith('.ts'));
      const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
      log(
        `generated ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB in ${generateMs.toFixed(0)} ms ` +
          `(${generateRuns.map((run) => run.ms.toFixed(0)).join(', ')}), peak RSS ` +
          `${generateRuns.map((run) => run.rss.toFixed(0)).join(', ')} MB`,
      );

      await runChild('codegen-child', [], {
        dump: DUMP,
        outDir: consumerDir,
        typesDir: path.join(distRoot, 'src', 'cloudstack'),
      });
      const consumerFiles = listFiles(consumerDir).filter((file) => file.endsWith('.ts'));
      const twins = writeTrivialTwins(tsFiles, genDir, trivialDir);
      const checked = (check: TypeCheck): TypeCheck => {
        if (check.errors > 0) {
          throw new Error(
            `the generated output has ${check.errors} type errors, e.g. ${check.messages.join(' | ')}`,
          );
        }
        return check;
      };
      const checks: TypeCheck[] = [];
      const sourceChecks: TypeCheck[] = [];
      const trivials: TypeCheck[] = [];
      for (let i = 0; i < CHECK_RUNS; i++) {
        // The first run also compiles the output, in place (rootDir = outDir), for the start-up figures.
        const check = await runChild<TypeCheck>('typecheck-child', [], {
          rootNames: consumerFiles,
          ...(i === 0 ? { emitDir: repoRoot } : {}),
        });
        checks.push(checked(check));
        sourceChecks.push(checked(await runChild<TypeCheck>('typecheck-child', [], { rootNames: tsFiles })));
        trivials.push(await runChild<TypeCheck>('typecheck-child', [], { rootNames: twins }));
      }
      const checkMs = median(checks.map((check) => check.cpuMs));
      const sourceCheckMs = median(sourceChecks.map((check) => check.cpuMs));
      const trivialMs = median(trivials.map((check) => check.cpuMs));
      const wall = (runs: TypeCheck[]) => median(runs.map((run) => run.ms)).toFixed(0);
      const list = (runs: TypeCheck[]) =>
        runs.map((run) => `${run.cpuMs.toFixed(0)}/${run.ms.toFixed(0)}`).join(', ');
      log(
        `type-check CPU/wall ms: ${list(checks)}; against the sources ${list(sourceChecks)}; ` +
          `trivial twins ${list(trivials)}`,
      );

      const index = path.join(consumerDir, 'index.js');
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
          metric: 'generate: peak RSS of the process',
          value: median(generateRuns.map((run) => run.rss)),
          unit: 'MB',
          baseline: {
            label: 'parse dump + write same bytes',
            value: median(floorRuns.map((run) => run.rss)),
          },
        },
        {
          metric: 'type-check the output (against the built library), CPU time',
          value: checkMs,
          unit: 'ms',
          baseline: { label: 'same-size trivial .ts files', value: trivialMs },
          note: `wall time ${wall(checks)} ms, trivial twins ${wall(trivials)} ms (medians)`,
        },
        {
          metric: "type-check the output (against the library's sources), CPU time",
          value: sourceCheckMs,
          unit: 'ms',
          baseline: { label: 'same-size trivial .ts files', value: trivialMs },
          note: `wall time ${wall(sourceChecks)} ms, trivial twins ${wall(trivials)} ms (medians)`,
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
