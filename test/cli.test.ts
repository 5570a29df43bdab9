import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('cloudstack-mcp CLI', () => {
  it('lists its commands', () => {
    const out = execFileSync(process.execPath, ['dist/src/cli/index.js', '--help'], { encoding: 'utf8' });
    for (const command of ['serve', 'simulator', 'codegen', 'api-diff', 'call', 'service-account']) {
      expect(out).toContain(`cloudstack-mcp ${command}`);
    }
  });
});
