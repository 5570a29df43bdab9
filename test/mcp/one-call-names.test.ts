// Issue 18, the half about names and finding APIs: requests an agent makes, played through the SDK's real
// Client, counting calls and the characters of each answer. Names against the embedded simulator (in
// process, its catalog as `serve --simulator` loads it); the firewall search against a server whose catalog
// is CloudStack 4.18's full listApis dump (the simulator implements too few APIs to have createFirewallRule).
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS } from '../../src/simulator/index.js';
import { call, connect, errorOf, type ToolAnswer } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

/** How often `part` occurs in `text`. */
function occurrences(text: string, part: string): number {
  const escaped = JSON.stringify(part).slice(1, -1); // as it is in the JSON text
  return escaped ? text.split(escaped).length - 1 : 0;
}

/** A typical error: under 400 characters as the agent reads it, CloudStack's errortext (its message) said once. */
function expectShortError(answer: ToolAnswer, kind: string): Record<string, unknown> {
  expect(answer.isError, answer.text).toBe(true);
  const error = errorOf(answer);
  expect(error.kind, answer.text).toBe(kind);
  expect(answer.text.length, answer.text).toBeLessThan(400);
  expect(occurrences(answer.text, String(error.message))).toBe(1);
  // No list is said twice: a candidate named in the message and in `candidates`.
  for (const candidate of (error.candidates as string[] | undefined) ?? []) {
    expect(occurrences(answer.text, candidate), answer.text).toBe(1);
  }
  return error;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('names an agent would use, against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 18, jobDurationMs: 5 });

  it("says the simulator's catalog is partial when a search finds nothing there", async () => {
    const search = await call(world.server.client, 'searchApis', { query: 'add a firewall rule' });
    expect(search.isError, search.text).toBe(false);
    expect(String(search.structured.partial)).toContain('only');
    expect(String(search.structured.partial)).toContain('may exist');
  });

  it('deploys by `advanced`, `centos` and `small` in one call, and says what each name resolved to', async () => {
    const answer = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'web-1',
    });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured).toMatchObject({
      status: 'done',
      // A mutation answers with what changed; where it went is in `resolved`.
      vm: { name: 'web-1', state: 'Running' },
      resolved: {
        zone: 'Sim-Advanced',
        template: 'CentOS 5.6(64-bit) no GUI (Simulator)',
        serviceOffering: 'Small Instance',
      },
    });
  });

  it('names every unresolved name in one answer, each with at most 5 candidates and no ids', async () => {
    const answer = await call(world.server.client, 'deployVM', {
      zone: 'advancd',
      template: 'centoss',
      serviceOffering: 'huge',
    });
    expect(answer.isError).toBe(true);
    const error = errorOf(answer);
    expect(error.kind).toBe('not_found');
    const unresolved = error.unresolved as Record<string, string[]>;
    expect(Object.keys(unresolved)).toEqual(['zone', 'template', 'serviceOffering']);
    for (const candidates of Object.values(unresolved)) {
      expect(candidates.length).toBeGreaterThan(0);
      expect(candidates.length).toBeLessThanOrEqual(5);
    }
    expect(unresolved.zone?.[0]).toBe('Sim-Advanced');
    expect(unresolved.template?.[0]).toBe('CentOS 5.6(64-bit) no GUI (Simulator)');
    expect(answer.text).not.toMatch(UUID);
    expect(String(error.message)).toContain('zone "advancd"');
    expect(String(error.message)).toContain('serviceOffering "huge"');
    expect(answer.text.length).toBeLessThan(600);
  });

  it('answers ambiguous with the names that match, when a word names several', async () => {
    const answer = await call(world.server.client, 'deployVM', {
      zone: 'sim',
      template: 'centos',
      serviceOffering: 'instance',
    });
    const error = errorOf(answer);
    expect(error.kind, answer.text).toBe('ambiguous');
    expect((error.unresolved as Record<string, string[]>).serviceOffering).toContain('Small Instance');
    expect(answer.text).not.toMatch(UUID);
  });

  it('keeps typical errors short, saying errortext and candidates once', async () => {
    const unknownZone = await call(world.server.client, 'listTemplates', { zone: 'nowhere' });
    expectShortError(unknownZone, 'not_found');
    expect(errorOf(unknownZone).candidates).toEqual(expect.arrayContaining(['Sim-Basic', 'Sim-Advanced']));

    expectShortError(await call(world.server.client, 'getVMStatus', { vm: 'no-such-vm' }), 'not_found');
    expectShortError(await call(world.server.client, 'listNetworks', { zone: 'sim' }), 'ambiguous');

    const refused = await call(world.server.client, 'callApi', {
      api: 'startVirtualMachine',
      params: { id: '00000000-0000-4000-8000-000000000000' },
    });
    const apiError = expectShortError(refused, 'api_error');
    // CloudStack's own text, once, as the message; the codes beside it.
    expect(apiError.message).toContain('Unable to execute API command startvirtualmachine');
    expect(apiError).toMatchObject({ command: 'startVirtualMachine', errorcode: 431 });
    expect(apiError.errortext).toBeUndefined();

    const typo = expectShortError(
      await call(world.server.client, 'callApi', {
        api: 'listVirtualMachines',
        params: { statee: 'Running' },
      }),
      'invalid_params',
    );
    expect(typo.message).toContain('did you mean state');
    // No did-you-mean: some of its parameter names, not all ~60 of deployVirtualMachine's.
    expectShortError(
      await call(world.server.client, 'callApi', { api: 'deployVirtualMachine', params: { colour: 'blue' } }),
      'invalid_params',
    );
    expectShortError(
      await call(world.server.client, 'callApi', { api: 'listVirtualMachinez' }),
      'unknown_api',
    );

    world.simulator.setFaults({ ...DEFAULT_FAULTS, jobFailureRate: 1 });
    try {
      const failed = await call(world.server.client, 'deployVM', {
        zone: 'Sim-Basic',
        template: 'centos',
        serviceOffering: 'small',
      });
      expectShortError(failed, 'job_failed');
    } finally {
      world.simulator.setFaults(DEFAULT_FAULTS);
    }
  });
});

describe('forgiving names, where they stop', () => {
  it('resolves the start of a word, prefers whole words, and never guesses a VM', async () => {
    const harness = await connect();
    try {
      // "ubu" starts a word of one template only, "a" is a whole word of zone-a, "SMALL" a name in capitals.
      const deployed = await call(harness.client, 'deployVM', {
        zone: 'A',
        template: 'ubu',
        serviceOffering: 'SMALL',
      });
      expect(deployed.structured.resolved, deployed.text).toEqual({
        zone: 'zone-a',
        template: 'Ubuntu 22.04',
        serviceOffering: 'Small',
      });
      // "zone" is a whole word of both zones.
      const both = await call(harness.client, 'listTemplates', { zone: 'zone' });
      expect(errorOf(both)).toMatchObject({ kind: 'ambiguous', candidates: ['zone-a', 'zone-b'] });
      // Two characters are too few to stand for the start of a name.
      expect(errorOf(await call(harness.client, 'listTemplates', { zone: 'zo' })).kind).toBe('not_found');

      harness.cloud.addVms(2);
      // "vm" is a whole word of every VM name here, yet no VM is chosen by a word: the names are listed.
      const vm = await call(harness.client, 'getVMStatus', { vm: 'vm' });
      expect(errorOf(vm).kind).toBe('not_found');
      expect(errorOf(vm).candidates).toEqual(expect.arrayContaining(['vm-2', 'vm-3']));
      expect((await call(harness.client, 'getVMStatus', { vm: 'VM-2' })).isError).toBe(false);
    } finally {
      await harness.close();
    }
  });
});

describe('finding an API and its parameters in one call, against the 4.18.0 catalog', () => {
  it('answers "add a firewall rule" with createFirewallRule first and its required parameters, under 1,600 characters', async () => {
    // The fake CloudStack behind test/mcp/harness.ts, with CloudStack 4.18.0's listApis dump as the catalog.
    const harness = await connect();
    try {
      const search = await call(harness.client, 'searchApis', { query: 'add a firewall rule' });
      expect(search.isError, search.text).toBe(false);
      const [first] = search.structured.apis as Record<string, unknown>[];
      expect(first).toMatchObject({
        name: 'createFirewallRule',
        class: 'write',
        async: true,
        required: { protocol: 'string', ipaddressid: 'uuid' },
      });
      expect(first?.optional).toEqual(expect.arrayContaining(['startport', 'endport', 'cidrlist']));
      expect(search.text.length).toBeLessThan(1600);
      // The whole 4.18 listApis: not partial.
      expect(search.structured.partial).toBeUndefined();
      expect(harness.cloud.calls).toHaveLength(0);
    } finally {
      await harness.close();
    }
  });
});
