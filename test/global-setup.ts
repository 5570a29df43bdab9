// Every test run gets a temporary folder of its own (TMPDIR, inherited by the test workers and every
// process they start), and fails if a test leaves a `cloudstack-mcp-*` folder in it: tests clean up what
// they make. The folder is private to this run, so other runs on the same machine cannot make it fail.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(path.join(tmpdir(), 'vitest-run-'));
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(runDir).filter((name) => name.startsWith('cloudstack-mcp-'));
    rmSync(runDir, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(`tests left ${left.length} temporary folder(s) behind: ${left.join(', ')}`);
    }
  };
}
