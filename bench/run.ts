// `npm run bench`: runs every section one after another (so they do not disturb each other), prints a
// table with each figure beside its same-run baseline, and writes bench/RESULTS.md.
// Options: --only a,b (section names; RESULTS.md keeps the other sections' rows), --no-write (do not touch
// RESULTS.md).
import path from 'node:path';
import { repoRoot } from './lib/paths.js';
import { machineInfo } from './machine.js';
import { type SectionResult, textTable, writeReport } from './report.js';
import type { Section } from './section.js';
import { asyncJobsSection } from './sections/async-jobs.js';
import { bundleSection } from './sections/bundle.js';
import { codegenSection } from './sections/codegen.js';
import { concurrencySection } from './sections/concurrency.js';
import { coverageSection } from './sections/coverage.js';
import { failedPollsSection } from './sections/failed-polls.js';
import { pagingSection } from './sections/paging.js';
import { perCallSection } from './sections/per-call.js';
import { requestsSection } from './sections/requests.js';
import { sessionsSection } from './sections/sessions.js';
import { simulatorSection } from './sections/simulator.js';
import { startupSection } from './sections/startup.js';
import { stdioFloodSection } from './sections/stdio-flood.js';
import { tokensSection } from './sections/tokens.js';
import { now } from './stats.js';

const sections: Section[] = [
  codegenSection,
  startupSection,
  perCallSection,
  concurrencySection,
  pagingSection,
  asyncJobsSection,
  failedPollsSection,
  tokensSection,
  requestsSection,
  simulatorSection,
  sessionsSection,
  stdioFloodSection,
  coverageSection,
  bundleSection,
];

function parseArgs(argv: readonly string[]): { only: Set<string> | undefined; write: boolean } {
  let only: Set<string> | undefined;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-write') write = false;
    else if (arg === '--only') only = new Set((argv[++i] ?? '').split(','));
    else if (arg?.startsWith('--only=')) only = new Set(arg.slice('--only='.length).split(','));
    else throw new Error(`unknown option ${arg}; use --only a,b or --no-write`);
  }
  if (only) {
    const known = new Set(sections.map((section) => section.name));
    const unknown = [...only].filter((name) => !known.has(name));
    if (unknown.length)
      throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  }
  return { only, write };
}

async function runSection(section: Section): Promise<SectionResult> {
  const started = now();
  const base = { name: section.name, title: section.title, method: section.method, figures: [] };
  const missing = section.missing?.();
  if (missing) return { ...base, skipped: missing, wallMs: 0 };
  const log = (message: string) => process.stderr.write(`[${section.name}] ${message}\n`);
  try {
    log('running');
    const figures = await section.run({ log });
    return { ...base, figures, wallMs: now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return { ...base, error: message, wallMs: now() - started };
  }
}

async function main(): Promise<void> {
  const { only, write } = parseArgs(process.argv.slice(2));
  const started = now();
  const machine = machineInfo();
  const results: SectionResult[] = [];
  for (const section of sections) {
    if (only && !only.has(section.name)) continue;
    const result = await runSection(section);
    results.push(result);
    process.stderr.write(`[${section.name}] done in ${(result.wallMs / 1000).toFixed(1)} s\n`);
  }
  const wallMs = now() - started;
  process.stdout.write(`${textTable(results)}\n\nWall time: ${(wallMs / 1000).toFixed(1)} s\n`);
  if (write) {
    const file = path.join(repoRoot, 'bench', 'RESULTS.md');
    const command = only ? `node dist/bench/run.js --only ${[...only].join(',')}` : 'npm run bench';
    writeReport(file, { machine, results, wallMs, command }, only !== undefined);
    process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
  // Child processes and sockets are closed by the sections; exit anyway so a stray handle cannot hang CI.
  process.exit(results.some((result) => result.error) ? 1 : 0);
}

await main();
