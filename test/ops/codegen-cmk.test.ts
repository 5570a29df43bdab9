// `task codegen:cmk` (scripts/codegen-cmk.sh): `cmk list apis` in the CloudMonkey container (a fake docker
// answers with a small listApis dump), then `cloudstack-mcp codegen --input` on it, into temporary folders.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';
import { fakeDocker, runBashAsync } from './shell.js';

const dump = {
  count: 2,
  api: [
    {
      name: 'listZones',
      description: 'Lists zones',
      isasync: false,
      since: '',
      related: '',
      params: [
        { name: 'name', description: 'the name of the zone', type: 'string', required: false, length: 255 },
      ],
      response: [{ name: 'id', description: 'Zone id', type: 'string' }],
    },
    {
      name: 'startVirtualMachine',
      description: 'Starts a virtual machine.',
      isasync: true,
      since: '',
      related: '',
      params: [
        {
          name: 'id',
          description: 'The ID of the virtual machine',
          type: 'uuid',
          required: true,
          length: 255,
        },
      ],
      response: [{ name: 'id', description: 'the ID of the virtual machine', type: 'string' }],
    },
  ],
};

function handler(dir: string, output: string): string {
  const file = path.join(dir, 'handler.sh');
  const dumpFile = path.join(dir, 'cmk-output.json');
  writeFileSync(dumpFile, output);
  writeFileSync(
    file,
    `case "$*" in
  *"ps --status running -q cmk"*) echo 4f2a ;;
  *"exec -T cmk cmk -o json list apis"*) cat ${JSON.stringify(dumpFile)} ;;
  *) exit 100 ;;
esac
`,
  );
  return file;
}

describe('codegen-cmk.sh', () => {
  it('generates bindings from what cmk list apis prints', async () => {
    const dir = tempDir('codegen-cmk');
    const docker = fakeDocker();
    const out = path.join(dir, 'generated');
    const cache = path.join(dir, 'api-cache');
    const r = await runBashAsync(
      ['scripts/codegen-cmk.sh', '--out', out, '--cache', cache, '--name', 'from-cmk'],
      {
        PATH: `${docker.bin}:${process.env.PATH}`,
        FAKE_DOCKER_ENGINE: '1',
        FAKE_DOCKER_HANDLER: handler(dir, JSON.stringify(dump)),
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('cmk list apis: 2 APIs');
    expect(existsSync(path.join(out, 'index.ts'))).toBe(true);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toMatch(/"apiCount": 2/);
    expect(docker.calls().some((call) => call.includes('exec -T cmk cmk -o json list apis'))).toBe(true);
  });

  it('stops with a hint when CloudMonkey prints no listApis answer', async () => {
    const dir = tempDir('codegen-cmk');
    const docker = fakeDocker();
    const r = await runBashAsync(['scripts/codegen-cmk.sh', '--out', path.join(dir, 'out')], {
      PATH: `${docker.bin}:${process.env.PATH}`,
      FAKE_DOCKER_ENGINE: '1',
      FAKE_DOCKER_HANDLER: handler(dir, "Failed to read API cache, please run 'sync'.\n"),
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cmk list apis did not print a listApis response');
    expect(r.stderr).toContain('task cmk -- sync');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
