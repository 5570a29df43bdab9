// Fault injection through the simulator against the built server (`serve` over stdio): latency, 5xx,
// dropped connections, slow and failed jobs, and sessions expiring mid-work. Every call must end in a
// result or a clear error, retries must never create a second VM, and the server must stay up.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentOptions,
  answersByKind,
  deployFollowingAnswers,
  type FollowedDeploy,
} from '../../bench/lib/agent.js';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { DEFAULT_FAULTS } from '../../src/simulator/index.js';
import {
  apiKeyEnv,
  callBounded,
  createLoginUser,
  deployTarget,
  errorReport,
  type LoginUser,
  type Outcome,
  passwordEnv,
  type Simulator,
  type SpawnedStdio,
  secretsOf,
  spawnStdio,
  startSim,
  unclear,
} from './helpers.js';
import { Transcript } from './transcript.js';

const NO_FAULTS = DEFAULT_FAULTS;

describe('fault injection', () => {
  const transcript = new Transcript();
  let simulator: Simulator;
  let server: SpawnedStdio;
  let admin: CloudStackClient;
  let target: Awaited<ReturnType<typeof deployTarget>>;
  let login: LoginUser | undefined;

  beforeAll(async () => {
    simulator = await startSim({ seed: 11 });
    admin = createClient({
      apiUrl: simulator.url,
      apiKey: simulator.admin.apiKey,
      secretKey: simulator.admin.secretKey,
    });
    target = await deployTarget(admin);
    server = await spawnStdio(apiKeyEnv(simulator), { transcript });
  });

  afterEach(() => {
    simulator.setFaults(NO_FAULTS);
  });

  afterAll(async () => {
    await server?.close();
    await admin?.close();
    await simulator?.close();
  });

  function expectClear(outcomes: Outcome[]): void {
    const problems = outcomes.map(unclear).filter((problem): problem is string => problem !== undefined);
    expect(problems).toEqual([]);
  }

  async function vmsNamed(prefix: string): Promise<string[]> {
    const listed = await admin.listAll<{ name?: string }>('listVirtualMachines', {
      listall: true,
      keyword: prefix,
    });
    return listed.items.map((vm) => String(vm.name)).filter((name) => name.startsWith(prefix));
  }

  it('answers under added latency', async () => {
    simulator.setFaults({ latencyMs: 250 });
    const started = Date.now();
    const outcome = await callBounded(server.client, 'listZones', {});
    expect(outcome.kind).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('retries reads through injected 5xx answers, and every call ends in a result or a clear error', async () => {
    simulator.setFaults({ failureRate: 0.3 });
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 20; i++) {
      // (listZones has no `api` argument: it is refused by name now, no longer stripped without a word.)
      outcomes.push(
        await callBounded(server.client, i % 2 ? 'listZones' : 'callApi', i % 2 ? {} : { api: 'listZones' }),
      );
    }
    expectClear(outcomes);
    // With 30% of requests failing and no retry about 14 of 20 would pass; reads are retried.
    expect(outcomes.filter((o) => o.kind === 'ok').length).toBeGreaterThanOrEqual(18);
    for (const failed of outcomes.filter((o) => o.kind === 'tool-error')) {
      expect(errorReport(failed)?.kind).toBe('api_error');
    }
  });

  it('survives dropped connections on reads', async () => {
    simulator.setFaults({ dropRate: 0.3 });
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(await callBounded(server.client, 'callApi', { api: 'listServiceOfferings' }));
    }
    expectClear(outcomes);
    expect(outcomes.filter((o) => o.kind === 'ok').length).toBeGreaterThanOrEqual(18);
  });

  it('never creates a VM twice when writes meet 5xx answers and dropped connections before CloudStack acts', async () => {
    const prefix = `rel-dup-${Date.now().toString(36)}`;
    simulator.setFaults({ failureRate: 0.2, dropRate: 0.2 });
    const outcomes: { name: string; outcome: Outcome }[] = [];
    for (let i = 0; i < 16; i++) {
      const name = `${prefix}-${i}`;
      outcomes.push({ name, outcome: await callBounded(server.client, 'deployVM', { ...target, name }) });
    }
    simulator.setFaults(NO_FAULTS);
    expectClear(outcomes.map((o) => o.outcome));
    const names = await vmsNamed(prefix);
    // Each call made at most one VM: no name twice, and every call that said "done" has its VM.
    expect(names.length).toBe(new Set(names).size);
    for (const { name, outcome } of outcomes) {
      if (outcome.kind === 'ok') expect(names).toContain(name);
    }
    expect(outcomes.some((o) => o.outcome.kind === 'ok')).toBe(true);
    expect(outcomes.some((o) => o.outcome.kind === 'tool-error')).toBe(true);
  });

  it('never repeats a write whose answer was lost after CloudStack acted, and repeats reads', async () => {
    const lossy = await spawnStdio(
      { ...apiKeyEnv(simulator), CLOUDSTACK_TIMEOUT: '1' },
      { transcript, name: 'server with a 1 s timeout' },
    );
    try {
      const before =
        (await admin.request<{ count?: number }>('listVirtualMachines', { listall: true })).count ?? 0;
      const deploysBefore = simulator.requestCountOf('deployVirtualMachine');
      const lostBefore = simulator.lostAnswerCount;
      // Lost answers: the connection dies after the VM was made; held answers: the client times out after.
      const calls: Outcome[] = [];
      for (const lostAnswerHoldMs of [0, 0, 0, 2_500, 2_500]) {
        simulator.setFaults({
          lostAnswerRate: 1,
          lostAnswerCommands: ['deployVirtualMachine'],
          lostAnswerHoldMs,
        });
        calls.push(await callBounded(lossy.client, 'deployVM', target));
      }
      simulator.setFaults(NO_FAULTS);
      expectClear(calls);
      expect(calls.map((c) => errorReport(c)?.kind)).toEqual([
        'connection_failed',
        'connection_failed',
        'connection_failed',
        'timeout',
        'timeout',
      ]);
      // Each call reached CloudStack exactly once, and made exactly one VM.
      expect(simulator.requestCountOf('deployVirtualMachine') - deploysBefore).toBe(5);
      expect(simulator.lostAnswerCount - lostBefore).toBe(5);
      const after =
        (await admin.request<{ count?: number }>('listVirtualMachines', { listall: true })).count ?? 0;
      expect(after - before).toBe(5);

      // Reads are safe to repeat: a read whose answer is lost once is retried and succeeds.
      const readsBefore = simulator.requestCountOf('listZones');
      simulator.setFaults({ lostAnswerRate: 1, lostAnswerCommands: ['listZones'], lostAnswerLimit: 1 });
      const read = await callBounded(lossy.client, 'callApi', { api: 'listZones' });
      expect(read.kind).toBe('ok');
      expect(simulator.lostAnswerCount - lostBefore).toBe(6);
      expect(simulator.requestCountOf('listZones') - readsBefore).toBe(2);
    } finally {
      await lossy.close();
    }
  });

  it('an agent that follows the answers never makes a VM twice when status polls fail', async () => {
    const prefix = `rel-poll-${Date.now().toString(36)}`;
    const deploys: FollowedDeploy[] = [];
    const asked: string[] = [];
    const deploy = async (i: number, options: AgentOptions = {}) => {
      const displayName = `${prefix}-${i}`;
      asked.push(displayName);
      // No name: CloudStack refuses a second VM of one host name, an agent's repeat would not be seen.
      deploys.push(await deployFollowingAnswers(server.client, { ...target, displayName }, options));
    };
    // The run: 30% of every request fails (deploys, look-ups and status polls alike).
    simulator.setFaults({ failureRate: 0.3 });
    for (let i = 0; i < 8; i++) await deploy(i);
    // CloudStack's job API down: every status poll fails until the agent, told the state is unknown, asks.
    for (let i = 8; i < 10; i++) {
      simulator.setFaults({ failureRate: 1, failureCommands: ['queryAsyncJobResult'] });
      await deploy(i, { onUnknown: () => simulator.setFaults(NO_FAULTS) });
    }
    simulator.setFaults(NO_FAULTS);
    const listed = await admin.listAll<{ displayname?: string }>('listVirtualMachines', {
      listall: true,
      keyword: prefix,
    });
    const made = listed.items.map((vm) => String(vm.displayname)).filter((name) => name.startsWith(prefix));
    transcript.record('poll agent', JSON.stringify({ kinds: answersByKind(deploys), made: made.length }));
    expect(deploys.map((d) => d.outcome)).toEqual(asked.map(() => 'done'));
    expect(made.sort()).toEqual([...asked].sort());
    expect(deploys.slice(8).map((d) => d.answers[0])).toEqual(['job_status_unknown', 'job_status_unknown']);
  }, 120_000);

  it('waits for slow jobs, and hands back a job id when asked not to wait', async () => {
    simulator.setFaults({ jobDurationMs: 1500 });
    const started = Date.now();
    const waited = await callBounded(server.client, 'deployVM', { ...target, name: 'rel-slow-1' });
    expect(waited.kind).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);

    const pending = await callBounded(server.client, 'deployVM', {
      ...target,
      name: 'rel-slow-2',
      wait: false,
    });
    expect(pending.kind).toBe('ok');
    const jobId = (pending.kind === 'ok' ? pending.result.structuredContent?.jobId : undefined) as string;
    expect(typeof jobId).toBe('string');
    const status = await callBounded(server.client, 'getAsyncJobStatus', { jobId });
    expect(status.kind).toBe('ok');
  });

  it('reports a failed job as job_failed with its errortext (as the message)', async () => {
    simulator.setFaults({ jobFailureRate: 1 });
    const outcome = await callBounded(server.client, 'deployVM', { ...target, name: 'rel-fail-1' });
    expect(outcome.kind).toBe('tool-error');
    const report = JSON.parse(outcome.kind === 'tool-error' ? outcome.text : '{}') as {
      error?: { kind?: string; message?: string; jobId?: string };
    };
    expect(report.error?.kind).toBe('job_failed');
    expect(report.error?.message).toBeTruthy();
    expect(report.error?.jobId).toBeTruthy();
  });

  it('keeps working when CloudStack sessions expire mid-work (username/password mode)', async () => {
    login = await createLoginUser(simulator);
    const loginServer = await spawnStdio(passwordEnv(simulator, login), { transcript, name: 'login server' });
    try {
      const before = await callBounded(loginServer.client, 'listZones', {});
      expect(before.kind).toBe('ok');
      simulator.expireSessions();
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 5; i++)
        outcomes.push(await callBounded(loginServer.client, 'listVirtualMachines', {}));
      expect(outcomes.map((o) => o.kind)).toEqual(Array(5).fill('ok'));
    } finally {
      await loginServer.close();
    }
  });

  it('a session-mode client logs in again when its session expires between calls', async () => {
    const sessionClient = createClient({
      apiUrl: simulator.url,
      username: login?.username,
      password: login?.password,
      domain: login?.domain,
    });
    try {
      await sessionClient.request('listZones');
      simulator.expireSessions();
      const zones = await sessionClient.request<{ zone?: unknown[] }>('listZones');
      expect(zones.zone?.length).toBeGreaterThan(0);
    } finally {
      await sessionClient.close();
    }
  });

  it('is still up and answering after all of it', async () => {
    expect(server.alive()).toBe(true);
    expect((await callBounded(server.client, 'listZones', {})).kind).toBe('ok');
  });

  it('wrote none of its credentials anywhere (stderr, protocol messages, tool results)', () => {
    expect(transcript.size).toBeGreaterThan(0);
    expect(transcript.leaks(secretsOf(simulator, login))).toEqual([]);
  });
});
