// `cloudstack-mcp codegen --from cmk` when CloudMonkey cannot run: one line saying which command failed, and a
// hint at what the source needs (the generator itself is tested in test/codegen).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegenCommand } from '../../src/cli/codegen.js';
import { cleanEnv, runInProcess } from './helpers.js';

describe('codegen --from cmk failures', () => {
  it('names the command that failed and hints at what --cmk must be', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cloudstack-mcp-codegen-cli-'));
    const missing = path.join(dir, 'no-such-cmk');
    const result = await runInProcess(
      codegenCommand,
      [
        'codegen',
        '--from',
        'cmk',
        '--cmk',
        missing,
        '--out',
        path.join(dir, 'out'),
        '--cache',
        path.join(dir, 'cache'),
      ],
      cleanEnv(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cloudstack-mcp codegen: \`${missing} -o json list apis\` failed: not found\n`,
    );
    expect(result.stderr).toContain(`  hint: is ${missing} a CloudMonkey binary`);
  });
});
