// Temporary folders for tests, removed when the test file ends (test/global-setup.ts fails a run that
// leaves any `cloudstack-mcp-*` folder behind).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered when a test file first imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh `cloudstack-mcp-<name>-XXXXXX` folder in the temporary directory, removed after the file's tests. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `cloudstack-mcp-${name}-`));
  made.push(dir);
  return dir;
}
