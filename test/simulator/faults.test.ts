import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';
import { INJECTED_FAILURE_TEXT, JobManager } from '../../src/simulator/jobs.js';
import { call, deployVm, inner, ok, runJob, Session, waitForJob } from './helpers.js';

const running: RunningSimulator[] = [];
async function start(options: SimulatorOptions): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function statuses(sim: RunningSimulator, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await call(sim, 'listZones')).status);
  return out;
}

describe('fault injection', () => {
  it('fails the same requests for the same seed, and others for another seed', async () => {
    const a = await start({ seed: 7, failureRate: 0.3 });
    const b = await start({ seed: 7, failureRate: 0.3 });
    const c = await start({ seed: 8, failureRate: 0.3 });
    const first = await statuses(a, 40);
    expect(await statuses(b, 40)).toEqual(first);
    expect(await statuses(c, 40)).not.toEqual(first);
    expect(first).toContain(530);
    expect(first).toContain(200);
    const failed = await (async () => {
      for (;;) {
        const answer = await call(a, 'listZones');
        if (answer.status === 530) return answer;
      }
    })();
    expect(inner(failed, 'listZones')).toMatchObject({
      errorcode: 530,
      errortext: expect.stringMatching(/injected/),
    });
  });

  it('drops connections without an answer, and stops when told', async () => {
    const sim = await start({ dropRate: 1 });
    await expect(call(sim, 'listZones')).rejects.toThrow();
    sim.setFaults({ dropRate: 0 });
    expect((await call(sim, 'listZones')).status).toBe(200);
    expect(sim.requestCount).toBe(2);
  });

  it('fails and drops only the commands named in failureCommands', async () => {
    const sim = await start({ failureRate: 1, failureCommands: ['QueryAsyncJobResult'] });
    expect((await call(sim, 'listZones')).status).toBe(200);
    expect((await call(sim, 'queryAsyncJobResult', { jobid: 'x' })).status).toBe(530);
    sim.setFaults({ failureRate: 0, dropRate: 1 });
    expect((await call(sim, 'listZones')).status).toBe(200);
    await expect(call(sim, 'queryAsyncJobResult', { jobid: 'x' })).rejects.toThrow();
    expect(sim.faults().failureCommands).toEqual(['QueryAsyncJobResult']);
    expect(() => sim.setFaults({ failureCommands: 'x' as unknown as string[] })).toThrow(/failureCommands/);
  });

  it('loses answers after processing: the write takes effect, the connection dies', async () => {
    const sim = await start({ lostAnswerRate: 1, lostAnswerCommands: ['deployVirtualMachine'] });
    const deploy = {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
    };
    await expect(call(sim, 'deployVirtualMachine', deploy)).rejects.toThrow();
    await expect(call(sim, 'deployVirtualMachine', deploy)).rejects.toThrow();
    // Other commands keep their answers, and show what the lost ones did.
    const listed = await ok(sim, 'listVirtualMachines', { listall: 'true' });
    expect(listed.count).toBe(2);
    expect(sim.requestCountOf('deployvirtualmachine')).toBe(2);
    expect(sim.requestCountOf('listVirtualMachines')).toBe(1);
    expect(sim.lostAnswerCount).toBe(2);
    expect(sim.jobCount).toBe(2);
  });

  it("holds a lost answer past the caller's timeout, then sends it", async () => {
    const sim = await start({ lostAnswerRate: 1, lostAnswerHoldMs: 300 });
    const query = `${sim.url}?command=listZones&response=json`;
    await expect(fetch(query, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    const begin = performance.now();
    const late = await fetch(query);
    expect(performance.now() - begin).toBeGreaterThanOrEqual(250);
    expect(late.status).toBe(401);
    expect(sim.lostAnswerCount).toBe(2);
  });

  it('loses at most lostAnswerLimit answers, counted again from each setFaults()', async () => {
    const sim = await start({ lostAnswerRate: 1, lostAnswerLimit: 1 });
    await expect(call(sim, 'listZones')).rejects.toThrow();
    expect((await call(sim, 'listZones')).status).toBe(200);
    sim.setFaults({ lostAnswerCommands: ['LISTZONES'] });
    expect((await call(sim, 'listDomains')).status).toBe(200);
    await expect(call(sim, 'listZones')).rejects.toThrow();
    expect((await call(sim, 'listZones')).status).toBe(200);
    sim.setFaults({ lostAnswerRate: 0 });
    expect(sim.lostAnswerCount).toBe(2);
    expect(sim.faults()).toMatchObject({ lostAnswerCommands: ['LISTZONES'], lostAnswerLimit: 1 });
  });

  it('loses the same answers for the same seed', async () => {
    const fates = async (sim: RunningSimulator): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 30; i++)
        out.push(
          await call(sim, 'listZones').then(
            () => 'ok',
            () => 'lost',
          ),
        );
      return out;
    };
    const a = await start({ seed: 3, lostAnswerRate: 0.4 });
    const b = await start({ seed: 3, lostAnswerRate: 0.4 });
    const c = await start({ seed: 4, lostAnswerRate: 0.4 });
    const first = await fates(a);
    expect(await fates(b)).toEqual(first);
    expect(await fates(c)).not.toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('lost');
    expect(a.lostAnswerCount).toBe(first.filter((fate) => fate === 'lost').length);
  });

  it('adds latency', async () => {
    const sim = await start({ latencyMs: 120 });
    const begin = performance.now();
    await call(sim, 'listZones');
    expect(performance.now() - begin).toBeGreaterThanOrEqual(100);
  });

  it('makes jobs fail, leaving the VM in Error', async () => {
    const sim = await start({ jobFailureRate: 1, jobDurationMs: 5 });
    const started = await ok(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
    });
    const job = await waitForJob(sim, String(started.jobid));
    expect(job).toMatchObject({
      jobstatus: 2,
      jobresultcode: 530,
      jobresult: { errorcode: 530, errortext: INJECTED_FAILURE_TEXT },
    });
    const vm = (await ok(sim, 'listVirtualMachines', { id: String(started.id) })) as {
      virtualmachine: Array<{ state: string }>;
    };
    expect(vm.virtualmachine[0]?.state).toBe('Error');
    sim.setFaults({ jobFailureRate: 0 });
    expect((await deployVm(sim)).state).toBe('Running');
  });

  it('puts a VM back in its state when a life-cycle job fails', async () => {
    const sim = await start({ jobDurationMs: 5 });
    const vm = await deployVm(sim);
    const stateOf = async () =>
      (
        (await ok(sim, 'listVirtualMachines', { id: String(vm.id) })) as {
          virtualmachine: Array<{ state: string }>;
        }
      ).virtualmachine[0]?.state;
    sim.setFaults({ jobFailureRate: 1 });
    for (const [command, extra] of [
      ['stopVirtualMachine', {}],
      ['rebootVirtualMachine', {}],
      ['destroyVirtualMachine', {}],
      ['destroyVirtualMachine', { expunge: 'true' }],
    ] as const) {
      const job = await runJob(sim, command, { id: String(vm.id), ...extra });
      expect(job).toMatchObject({ jobstatus: 2, jobresult: { errortext: INJECTED_FAILURE_TEXT } });
      expect(await stateOf()).toBe('Running');
    }
    sim.setFaults({ jobFailureRate: 0 });
    expect((await runJob(sim, 'stopVirtualMachine', { id: String(vm.id) })).jobstatus).toBe(1);
    sim.setFaults({ jobFailureRate: 1 });
    expect((await runJob(sim, 'startVirtualMachine', { id: String(vm.id) })).jobstatus).toBe(2);
    expect(await stateOf()).toBe('Stopped');
  });

  it('makes jobs slow', async () => {
    const sim = await start({ jobDurationMs: 60_000 });
    const started = await ok(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
    });
    expect(await ok(sim, 'queryAsyncJobResult', { jobid: String(started.jobid) })).toMatchObject({
      jobstatus: 0,
    });
    expect(sim.pendingJobCount).toBe(1);
    expect(sim.jobCount).toBe(1);
  });

  it('rejects fault settings out of range', async () => {
    const sim = await start({});
    expect(() => sim.setFaults({ failureRate: 1.5 })).toThrow(/failureRate/);
    expect(() => sim.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => sim.setFaults({ lostAnswerRate: 2 })).toThrow(/lostAnswerRate/);
    expect(() => sim.setFaults({ lostAnswerHoldMs: -5 })).toThrow(/lostAnswerHoldMs/);
    expect(() => sim.setFaults({ lostAnswerLimit: null as unknown as number })).toThrow(/lostAnswerLimit/);
    expect(() => sim.setFaults({ lostAnswerCommands: 'listZones' as unknown as string[] })).toThrow(
      /lostAnswerCommands/,
    );
    expect(sim.faults().failureRate).toBe(0);
  });

  it('ends idle sessions after the session timeout', async () => {
    const sim = await start({ sessionTimeoutMs: 100 });
    const session = new Session(sim);
    await session.login();
    expect((await session.call('listZones')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await session.call('listZones')).status).toBe(401);
  });

  it('rejects a session timeout that is not a number of milliseconds', async () => {
    for (const sessionTimeoutMs of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(startSimulator({ sessionTimeoutMs })).rejects.toThrow(/sessionTimeoutMs/);
    }
  });
});

describe('determinism', () => {
  it('gives the same keys, seeded ids and new ids for the same seed', async () => {
    const a = await start({ seed: 42, jobDurationMs: 1 });
    const b = await start({ seed: 42, jobDurationMs: 1 });
    const c = await start({ seed: 43, jobDurationMs: 1 });
    expect(b.admin).toEqual(a.admin);
    expect(b.seeded).toEqual(a.seeded);
    expect(c.admin.apiKey).not.toBe(a.admin.apiKey);
    expect(c.seeded.advancedZoneId).not.toBe(a.seeded.advancedZoneId);
    const vmA = await deployVm(a, { name: 'same' });
    const vmB = await deployVm(b, { name: 'same' });
    expect(vmB.id).toBe(vmA.id);
    expect(vmB.nic).toEqual(vmA.nic);
  });
});

describe('job queue', () => {
  it('runs jobs on the same object one after the other, in time order', () => {
    let now = 1000;
    const events: string[] = [];
    const touched: string[] = [];
    let next = 0;
    const jobs = new JobManager({
      newId: () => `job-${next++}`,
      durationMs: () => 100,
      failsAt: () => false,
      onInstanceChange: (id) => touched.push(id),
    });
    const work = (name: string) => ({
      instanceId: 'vm-1',
      begin: () => events.push(`${name}:begin@${now}`),
      finish: () => {
        events.push(`${name}:finish@${now}`);
        return { name };
      },
    });
    const first = jobs.submit(
      { command: 'stopVirtualMachine', cmd: 'Stop', accountId: 'a', userId: 'u', work: work('stop') },
      now,
    );
    now = 1050;
    const second = jobs.submit(
      { command: 'startVirtualMachine', cmd: 'Start', accountId: 'a', userId: 'u', work: work('start') },
      now,
    );
    expect(jobs.pendingJobFor('vm-1')).toBe(second.id);
    now = 1100;
    jobs.settle(now);
    expect(first.status).toBe(1);
    expect(second.status).toBe(0);
    now = 1200;
    jobs.settle(now);
    expect(second).toMatchObject({ status: 1, result: { name: 'start' }, completed: 1200 });
    expect(events).toEqual(['stop:begin@1000', 'stop:finish@1100', 'start:begin@1100', 'start:finish@1200']);
    expect(jobs.pendingJobFor('vm-1')).toBeUndefined();
    expect(touched.length).toBeGreaterThan(0);
  });
});
