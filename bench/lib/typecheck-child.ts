// Type-checks a set of files with the project's compiler options in a fresh process (no warm caches), and
// optionally emits JavaScript. Message in: {rootNames, emitDir?}; out: {ms, cpuMs, errors, messages, emitMs}.
// cpuMs is the process's CPU time (user + system) for the check: on a shared machine it varies less than
// the wall time, which also counts waiting for a core.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './paths.js';

interface Job {
  rootNames: string[];
  emitDir?: string;
}

function projectOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => readFileSync(file, 'utf8'));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot).options;
}

process.once('message', (job: Job) => {
  const base = projectOptions();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const program = ts.createProgram(job.rootNames, {
    ...base,
    noEmit: true,
    incremental: false,
    declaration: false,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  let emitMs: number | undefined;
  if (job.emitDir) {
    const emitStarted = performance.now();
    const emitting = ts.createProgram(job.rootNames, {
      ...base,
      noEmit: false,
      incremental: false,
      declaration: false,
      sourceMap: false,
      rootDir: repoRoot,
      outDir: job.emitDir,
    });
    const result = emitting.emit();
    if (result.emitSkipped) throw new Error('emit skipped');
    emitMs = performance.now() - emitStarted;
  }
  process.send?.(
    {
      ms,
      cpuMs,
      errors: errors.length,
      messages: errors.slice(0, 5).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      emitMs,
    },
    () => process.exit(0),
  );
});
