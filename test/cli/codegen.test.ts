import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codegenCommand } from '../../src/cli/codegen.js';
import { tempDir } from '../temp.js';
import { cleanEnv, runInProcess } from './helpers.js';

describe('codegen --from cmk failures', () => {
  it('names the command that failed and hints at what --cmk must be', async () => {
    const dir = tempDir('codegen-cli');
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
