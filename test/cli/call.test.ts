// `cloudstack-mcp call` against the embedded simulator: a sync list (JSON and table), an async deploy awaited to
// its result, and the errors people meet (typo, missing parameter, unknown API, CloudStack's own error), each
// one line without a stack trace. The built CLI (runCli) for the main paths; the command module in process
// (call) for the variants, which saves a Node start-up each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCommand } from '../../src/cli/call.js';
import { runCli, runInProcess } from './helpers.js';
import { adminEnv, type Simulator, start } from './simulator.js';

type Row = Record<string, unknown>;

describe('call', () => {
  let sim: Simulator;
  const ids = { zone: '', template: '', offering: '' };

  beforeAll(async () => {
    sim = await start();
    ids.zone = sim.seeded.advancedZoneId;
    ids.template = sim.seeded.templateId;
    ids.offering = sim.seeded.serviceOfferingId;
  });
  afterAll(async () => {
    await sim?.close();
  });
  const call = (args: string[]) => runInProcess(callCommand, ['call', ...args], adminEnv(sim));

  it('calls a sync API and prints its answer as JSON', async () => {
    const result = await runCli(['call', 'listZones'], adminEnv(sim));
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { count: number; zone: Row[] };
    expect(answer.count).toBe(2);
    expect(answer.zone.map((zone) => zone.id)).toContain(ids.zone);
  });

  it('prints a table of chosen fields (--filter, or CloudMonkey filter=)', async () => {
    const table = await call(['listZones', '-o', 'table', '--filter', 'name,id']);
    const cmk = await call(['listZones', 'filter=id']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^name\s+id$/);
    expect(lines[1]).toMatch(/^-+\s+-+$/);
    expect(lines.slice(2).join('\n')).toContain(ids.zone);
    expect(lines).toHaveLength(4);
    const zones = (JSON.parse(cmk.stdout) as { zone: Row[] }).zone;
    expect(zones).toHaveLength(2);
    for (const zone of zones) expect(Object.keys(zone)).toEqual(['id']);
  });

  it('names a filter field that matches nothing, and stays quiet on an empty answer', async () => {
    const typo = await call(['listZones', '--filter', 'name,nmae']);
    const empty = await call(['listZones', 'name=no-such-zone', '--filter', 'nmae']);
    expect(typo.code, typo.stderr).toBe(0);
    expect(typo.stderr).toBe('cloudstack-mcp call listZones: no field nmae in the answer\n');
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toBe('');
  });

  it('waits for an async job and prints its result', async () => {
    const result = await runCli(
      [
        'call',
        'deployVirtualMachine',
        `zoneid=${ids.zone}`,
        `templateid=${ids.template}`,
        `serviceofferingid=${ids.offering}`,
        'name=cli-test-vm',
      ],
      adminEnv(sim),
    );
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { virtualmachine: Row };
    expect(answer.virtualmachine.name).toBe('cli-test-vm');
    expect(answer.virtualmachine.state).toBe('Running');
    // Not a terminal: no spinner frames on stderr.
    expect(result.stderr).toBe('');

    const started = await call(['stopVirtualMachine', `id=${String(answer.virtualmachine.id)}`, '--no-wait']);
    expect(started.code, started.stderr).toBe(0);
    expect(JSON.parse(started.stdout)).toHaveProperty('jobid');
  });

  it('names a typo, a missing parameter and an unknown API before calling CloudStack', async () => {
    const typo = await call(['listZones', 'nmae=x']);
    const missing = await call(['deployVirtualMachine', `zoneid=${ids.zone}`]);
    // The real entry point once: one line on stderr, exit status 1, no stack trace.
    const unknown = await runCli(['call', 'listZone'], adminEnv(sim));
    const notPair = await call(['listZones', 'oops']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(
      /^cloudstack-mcp call listZones: listZones has no parameter nmae \(did you mean name\?\)/,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('deployVirtualMachine is missing required parameters');
    expect(missing.stderr).toContain('serviceofferingid');
    expect(missing.stderr).toContain('templateid');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('cloudstack-mcp call listZone: unknown API "listZone"');
    expect(unknown.stderr).toContain('did you mean listZones');
    expect(notPair.stderr).toContain('expected key=value, got "oops"');
    for (const result of [typo, missing, unknown, notPair]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("shows CloudStack's own error with its code and errortext", async () => {
    const result = await call([
      'deployVirtualMachine',
      'zoneid=00000000-0000-0000-0000-000000000000',
      `templateid=${ids.template}`,
      `serviceofferingid=${ids.offering}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cloudstack-mcp call deployVirtualMachine: CloudStack error 431 .*in deployVirtualMachine: \S/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('masks secrets in answers unless --show-secrets', async () => {
    const args = ['getUserKeys', `id=${sim.admin.userId}`];
    const masked = await call(args);
    const shown = await call([...args, '--show-secrets']);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toContain('[REDACTED]');
    expect(masked.stdout).not.toContain(sim.admin.secretKey);
    expect(shown.stdout).toContain(sim.admin.secretKey);
  });
});
