// A failed status poll is not a failed job: through the SDK's real Client, against the embedded simulator
// with faults on queryAsyncJobResult only (the deploy itself always goes through).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deployParams } from '../../bench/lib/deploy-params.js';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import { DEFAULT_FAULTS, type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf } from './harness.js';

describe('failed status polls', () => {
  let simulator: RunningSimulator;
  let server: InProcess;
  let target: { zone: string; template: string; serviceOffering: string; networks?: string[] };

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 31 });
    const { apiKey, secretKey } = simulator.admin;
    server = await startInProcess(
      { url: simulator.url, apiKey, secretKey },
      // The default schedules, only faster, so the test does not wait seconds between retries.
      {
        clientOptions: {
          retry: { baseDelayMs: 5, maxDelayMs: 20 },
          pollRetry: { baseDelayMs: 10, maxDelayMs: 40 },
          pollSchedule: pollScheduleFor(DEFAULT_FAULTS.jobDurationMs),
        },
      },
    );
    const params = await deployParams(server.cloudstack);
    target = {
      zone: params.zoneid,
      template: params.templateid,
      serviceOffering: params.serviceofferingid,
      ...(params.networkids ? { networks: [params.networkids] } : {}),
    };
  });

  afterEach(() => simulator.setFaults(DEFAULT_FAULTS));

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  async function vmsNamed(name: string): Promise<number> {
    const listed = await server.cloudstack.request<{ virtualmachine?: { name?: string }[] }>(
      'listVirtualMachines',
      { listall: true, name },
    );
    return (listed.virtualmachine ?? []).filter((vm) => vm.name === name).length;
  }

  it('retries failing polls: deploys answer done although half the status polls fail', async () => {
    simulator.setFaults({ failureRate: 0.5, failureCommands: ['queryAsyncJobResult'] });
    for (let i = 0; i < 6; i++) {
      const name = `poll-flaky-${i}`;
      const answer = await call(server.client, 'deployVM', { ...target, name });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.structured).toMatchObject({ status: 'done', jobId: expect.any(String) });
      expect(await vmsNamed(name)).toBe(1);
    }
  });

  it('answers job_status_unknown with the job id and the getAsyncJobStatus hint, never job_failed', async () => {
    simulator.setFaults({ failureRate: 1, failureCommands: ['queryAsyncJobResult'] });
    const answer = await call(server.client, 'deployVM', { ...target, name: 'poll-down' });
    expect(answer.isError).toBe(true);
    const error = errorOf(answer);
    expect(error.kind).toBe('job_status_unknown');
    expect(error.jobId).toEqual(expect.any(String));
    expect(error.hint).toContain(`getAsyncJobStatus {"jobId":"${String(error.jobId)}"}`);
    expect(error.statusError).toMatchObject({ kind: 'api_error' });
    expect(error.command).toBe('deployVirtualMachine');
    expect(error.message).not.toContain('failed');

    // The agent follows the hint: the job had done its work, once.
    simulator.setFaults(DEFAULT_FAULTS);
    const status = await call(server.client, 'getAsyncJobStatus', { jobId: error.jobId });
    expect(status.isError, status.text).toBe(false);
    expect(status.structured.status).toBe('succeeded');
    expect(await vmsNamed('poll-down')).toBe(1);
  });
});
