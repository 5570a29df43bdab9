// Issue 18, the half about names and finding APIs: requests an agent makes, played through the SDK's real
// Client, counting calls and the characters of each answer. Names against the embedded simulator (in
// process, its catalog as `serve --simulator` loads it); the firewall search against a server whose catalog
// is CloudStack 4.18's full listApis dump (the simulator implements too few APIs to have createFirewallRule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, connect, errorOf } from './harness.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('names an agent would use, against the embedded simulator', () => {
  let simulator: RunningSimulator;
  let server: InProcess;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 18, jobDurationMs: 5 });
    const { apiKey, secretKey } = simulator.admin;
    server = await startInProcess({ url: simulator.url, apiKey, secretKey });
  });

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  it('deploys by `advanced`, `centos` and `small` in one call, and says what each name resolved to', async () => {
    const answer = await call(server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'web-1',
    });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured).toMatchObject({
      status: 'done',
      vm: { name: 'web-1', state: 'Running', zonename: 'Sim-Advanced' },
      resolved: {
        zone: 'Sim-Advanced',
        template: 'CentOS 5.6(64-bit) no GUI (Simulator)',
        serviceOffering: 'Small Instance',
      },
    });
  });

  it('names every unresolved name in one answer, each with at most 5 candidates and no ids', async () => {
    const answer = await call(server.client, 'deployVM', {
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
    const answer = await call(server.client, 'deployVM', {
      zone: 'sim',
      template: 'centos',
      serviceOffering: 'instance',
    });
    const error = errorOf(answer);
    expect(error.kind, answer.text).toBe('ambiguous');
    expect((error.unresolved as Record<string, string[]>).serviceOffering).toContain('Small Instance');
    expect(answer.text).not.toMatch(UUID);
  });
});
