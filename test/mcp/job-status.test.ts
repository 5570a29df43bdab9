// A failed status poll is not a failed job: through the SDK's real Client, against the embedded simulator
// with faults on queryAsyncJobResult only (the deploy itself always goes through).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS } from '../../src/simulator/index.js';
import { call, errorOf } from './harness.js';
import { deployTarget, simulatorWorld } from './simulator-world.js';

describe('failed status polls', () => {
  // The default schedules, only faster, so the test does not wait seconds between retries.
  const world = simulatorWorld(
    { seed: 31 },
    { retry: { baseDelayMs: 5, maxDelayMs: 20 }, pollRetry: { baseDelayMs: 10, maxDelayMs: 40 } },
  );
  let target: Awaited<ReturnType<typeof deployTarget>>;

  beforeAll(async () => {
    target = await deployTarget(world.server);
  });

  afterEach(() => world.simulator.setFaults(DEFAULT_FAULTS));

  async function vmsNamed(name: string): Promise<number> {
    const listed = await world.server.cloudstack.request<{ virtualmachine?: { name?: string }[] }>(
      'listVirtualMachines',
      { listall: true, name },
    );
    return (listed.virtualmachine ?? []).filter((vm) => vm.name === name).length;
  }

  it('retries failing polls: deploys answer done although half the status polls fail', async () => {
    world.simulator.setFaults({ failureRate: 0.5, failureCommands: ['queryAsyncJobResult'] });
    for (let i = 0; i < 6; i++) {
      const name = `poll-flaky-${i}`;
      const answer = await call(world.server.client, 'deployVM', { ...target, name });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.structured).toMatchObject({ status: 'done', jobId: expect.any(String) });
      expect(await vmsNamed(name)).toBe(1);
    }
  });

  it('answers job_status_unknown with the job id and the getAsyncJobStatus hint, never job_failed', async () => {
    world.simulator.setFaults({ failureRate: 1, failureCommands: ['queryAsyncJobResult'] });
    const answer = await call(world.server.client, 'deployVM', { ...target, name: 'poll-down' });
    expect(answer.isError).toBe(true);
    const error = errorOf(answer);
    expect(error.kind).toBe('job_status_unknown');
    expect(error.jobId).toEqual(expect.any(String));
    expect(error.hint).toContain(`getAsyncJobStatus {"jobId":"${String(error.jobId)}"}`);
    expect(error.statusError).toMatchObject({ kind: 'api_error' });
    expect(error.command).toBe('deployVirtualMachine');
    expect(error.message).not.toContain('failed');

    // The agent follows the hint: the job had done its work, once.
    world.simulator.setFaults(DEFAULT_FAULTS);
    const status = await call(world.server.client, 'getAsyncJobStatus', { jobId: error.jobId });
    expect(status.isError, status.text).toBe(false);
    expect(status.structured.status).toBe('succeeded');
    expect(await vmsNamed('poll-down')).toBe(1);
  });
});
