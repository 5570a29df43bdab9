// The codegen and api-diff commands through the built CLI (npm run build first): every source (file,
// CloudMonkey stand-ins on PATH, a signed listApis from a running simulator, the embedded simulator),
// --check for CI, errors, and api-diff over two real CloudStack versions.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithCmk } from '../../codegen/cmk.js';
import { type ApiDiff, diffDumps } from '../../codegen/diff.js';
import { normaliseDump } from '../../src/cloudstack/listapis.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { cleanEnv, runCli } from '../cli/helpers.js';
import { dumpsDir, fixtureDump, readJson, removeDir, repoRoot, scratchDir } from './helpers.js';

// The built CLI with none of the person's CLOUDSTACK_*/MCP_* variables, plus `env`.
const cloudstackMcp = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, cleanEnv(env));

let dir: string;
let bin: string;
beforeAll(() => {
  dir = scratchDir('codegen-cli');
  bin = path.join(dir, 'bin');
  // Stand-ins for CloudMonkey and Docker: record how they were called, answer like `cmk -o json list ...`.
  const answer = `#!/bin/sh
echo "$0 $*" >> "${dir}/calls.log"
case "$*" in
  *"list apis"*) cat "${fixtureDump}" ;;
  *"list capabilities"*) echo '{"capability": {"cloudstackversion": "4.99.1"}}' ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;
  mkdirSync(bin, { recursive: true });
  for (const name of ['cmk', 'docker']) {
    const file = path.join(bin, name);
    writeFileSync(file, answer);
    chmodSync(file, 0o755);
  }
});
afterAll(() => removeDir(dir));

function calls(): string[] {
  const log = path.join(dir, 'calls.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

describe('cloudstack-mcp codegen', () => {
  it('--from cmk runs a local cmk (found on PATH) and names the cache after its version', async () => {
    const out = path.join(dir, 'cmk-out');
    const cache = path.join(dir, 'cache');
    const result = await cloudstackMcp(
      ['codegen', '--from', 'cmk', '--cmk', 'cmk', '--out', out, '--cache', cache],
      {
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('8 APIs (3 async), 31 parameters, 2 unknown types');
    expect(result.stdout).toContain(
      'warning: frobnicateWidget param "schedule" has unknown type "cronexpression" (used string)',
    );
    expect(calls()).toContainEqual(`${path.join(bin, 'cmk')} -o json list apis`);
    expect(readJson(path.join(cache, '4.99.1.json'))).toMatchObject({ cloudstackversion: '4.99.1' });
    expect(readJson(path.join(out, 'manifest.json'))).toMatchObject({
      apiCount: 8,
      cloudstackVersion: '4.99.1',
    });
  });

  it('--check exits 1 when a run would change the output (here: a hand-edited file), else 0', async () => {
    // Reuses the output of the cmk test above: its cache file reproduces it exactly.
    const out = path.join(dir, 'cmk-out');
    const args = [
      'codegen',
      '--input',
      path.join(dir, 'cache', '4.99.1.json'),
      '--out',
      out,
      '--cache',
      path.join(dir, 'cache'),
      '--check',
    ];
    const fresh = await cloudstackMcp(args);
    expect(fresh.stdout).toContain('up to date');
    expect(fresh.code).toBe(0);
    writeFileSync(path.join(out, 'apis', 'z.ts'), '// edited by hand\n');
    const edited = await cloudstackMcp(args);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(
      /out of date: a codegen run would change 1 files:\n {2}changed .*cmk-out\/apis\/z\.ts/,
    );
  });

  it('says what is wrong in one line: no source, not a listApis file', async () => {
    const none = await cloudstackMcp(['codegen']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('name a source: --input FILE, or --from url|cmk|simulator');
    const notApis = path.join(dir, 'not-apis.json');
    writeFileSync(notApis, '{"listzonesresponse": {}}');
    const wrong = await cloudstackMcp(['codegen', '--input', notApis, '--out', path.join(dir, 'y')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not a listApis answer');
    expect(wrong.stderr).not.toContain('    at ');
  });

  describe('from a running CloudStack', () => {
    let simulator: RunningSimulator;
    beforeAll(async () => {
      simulator = await startSimulator({ port: 0 });
    });
    afterAll(() => simulator?.close());

    it('--from url signs a listApis call and writes api-cache/<version>.json', async () => {
      const out = path.join(dir, 'url-out');
      const cache = path.join(dir, 'url-cache');
      const result = await cloudstackMcp(['codegen', '--from', 'url', '--out', out, '--cache', cache], {
        CLOUDSTACK_API_URL: simulator.url,
        CLOUDSTACK_API_KEY: simulator.admin.apiKey,
        CLOUDSTACK_SECRET_KEY: simulator.admin.secretKey,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const manifest = readJson(path.join(out, 'manifest.json')) as {
        apiCount: number;
        cloudstackVersion: string;
      };
      expect(manifest.apiCount).toBe(simulator.apiCount);
      expect(existsSync(path.join(cache, `${manifest.cloudstackVersion}.json`))).toBe(true);
      expect(result.stdout).not.toContain(simulator.admin.secretKey);
    });
  });

  it('--from simulator reproduces the committed api-cache/simulator.json and generated/', async () => {
    const result = await cloudstackMcp(['codegen', '--from', 'simulator', '--check']);
    expect(result.stdout).toContain('up to date');
    expect(result.code).toBe(0);
  });
});

describe('fetchWithCmk', () => {
  const withStandIns = () => {
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    return () => {
      process.env.PATH = saved;
    };
  };

  it('runs cmk in the compose service by default (docker compose exec -T cmk cmk -o json list apis)', async () => {
    const restore = withStandIns();
    try {
      const fetched = await fetchWithCmk({ cwd: repoRoot });
      expect(fetched.version).toBe('4.99.1');
      expect(fetched.command).toBe(
        'docker compose -f docker/docker-compose.yml exec -T cmk cmk -o json list apis',
      );
      expect(normaliseDump(fetched.raw).count).toBe(8);
      const elsewhere = await fetchWithCmk({ cwd: dir });
      expect(elsewhere.command).toBe('docker compose exec -T cmk cmk -o json list apis');
    } finally {
      restore();
    }
  });

  it('says why when cmk fails, is missing or prints something else', async () => {
    const failing = path.join(dir, 'failing-cmk');
    writeFileSync(failing, '#!/bin/sh\necho "Failed to read API cache, please run sync" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    await expect(fetchWithCmk({ cmk: failing })).rejects.toThrow(
      `\`${failing} -o json list apis\` failed: Failed to read API cache, please run sync`,
    );
    await expect(fetchWithCmk({ cmk: path.join(dir, 'nope') })).rejects.toThrow(/failed: not found/);
    const chatty = path.join(dir, 'chatty-cmk');
    writeFileSync(chatty, '#!/bin/sh\necho "hello"\n');
    chmodSync(chatty, 0o755);
    await expect(fetchWithCmk({ cmk: chatty })).rejects.toThrow('did not print JSON: hello');
  });
});

describe('cloudstack-mcp api-diff', () => {
  const a = path.join(dumpsDir, '4.15.2.json');
  const b = path.join(dumpsDir, '4.18.0.json');

  it('tells people what changed between 4.15.2 and 4.18.0', async () => {
    const result = await cloudstackMcp(['api-diff', a, b]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('4.15.2 (614 APIs) → 4.18.0 (705 APIs): 107 added, 16 removed, 78 changed');
    expect(lines).toContain('  + createKubernetesCluster');
    expect(lines).toContain('  - addF5LoadBalancer');
    expect(result.stdout).toContain('  createAccount\n    ~ param accounttype: short → integer');
    expect(result.stdout).toContain('  createCounter\n    + param provider (string, required)');
    expect(result.stdout).toContain('  createNetwork\n');
    expect(result.stdout).toContain('    ? param displaytext: now optional');
  });

  it('--json gives the same diff for tools', async () => {
    const result = await cloudstackMcp(['api-diff', a, b, '--json']);
    const diff = JSON.parse(result.stdout) as ApiDiff;
    expect(diff.from).toEqual({ name: '4.15.2', apiCount: 614 });
    expect(diff.added).toHaveLength(107);
    expect(diff.removed).toContain('listSrxFirewalls');
    expect(diff.changed.find((change) => change.api === 'createAccount')).toEqual({
      api: 'createAccount',
      paramsAdded: [],
      paramsRemoved: [],
      madeRequired: [],
      madeOptional: [],
      retyped: [{ name: 'accounttype', from: 'short', to: 'integer' }],
    });
    const reverse = diffDumps(normaliseDump(readJson(b)), normaliseDump(readJson(a)));
    expect(reverse.added).toEqual(diff.removed);
    expect(reverse.removed).toEqual(diff.added);
  });

  it('names a file that is not a listApis dump', async () => {
    const result = await cloudstackMcp(['api-diff', a, path.join(repoRoot, 'package.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('package.json: not a listApis answer');
  });
});
