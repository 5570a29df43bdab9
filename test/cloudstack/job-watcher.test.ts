// Jobs waited for at once share their status polls: one listAsyncJobs answers for all pending jobs, each
// job's result still comes from its own queryAsyncJobResult. Through the real client against the embedded
// simulator, and through the MCP server (its policy decides whether listAsyncJobs may be called).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deployParams } from '../../bench/lib/deploy-params.js';
import { CloudStackClient } from '../../src/cloudstack/client.js';
import { CloudStackAbortError, CloudStackApiError } from '../../src/cloudstack/errors.js';
import { JobWatcher } from '../../src/cloudstack/job-watcher.js';
import type { AsyncJobResult } from '../../src/cloudstack/types.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, connect, type Harness } from '../mcp/harness.js';

const JOBS = 5;

describe('jobs waited for at once, against the simulator', () => {
  let sim: RunningSimulator;
  let client: CloudStackClient;
  let params: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 1_000 });
    client = new CloudStackClient({
      apiUrl: sim.url,
      apiKey: sim.admin.apiKey,
      secretKey: sim.admin.secretKey,
      pollSchedule: { initialDelayMs: 50, factor: 1, maxDelayMs: 50 },
    });
    params = await deployParams(client);
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  function counts() {
    return { list: sim.requestCountOf('listAsyncJobs'), query: sim.requestCountOf('queryAsyncJobResult') };
  }

  it('share one listAsyncJobs per round, and read each result with its own queryAsyncJobResult', async () => {
    const before = counts();
    const results = await Promise.all(
      Array.from({ length: JOBS }, (_, i) =>
        client.requestAsync<{ virtualmachine?: { displayname?: string } }>('deployVirtualMachine', {
          ...params,
          displayname: `shared-${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.virtualmachine?.displayname)).toEqual(
      Array.from({ length: JOBS }, (_, i) => `shared-${i}`),
    );
    const after = counts();
    // Polled alone, each job would ask ~20 times (1 s job, 50 ms apart): 100 queries.
    expect(after.list - before.list).toBeGreaterThan(0);
    expect(after.query - before.query).toBeLessThan(2 * JOBS);
  });

  it('a job waited for alone polls queryAsyncJobResult only', async () => {
    const before = counts();
    await client.requestAsync('deployVirtualMachine', { ...params, displayname: 'alone' });
    expect(counts().list - before.list).toBe(0);
  });

  it('through MCP: listAsyncJobs is called only when the policy allows it', async () => {
    for (const deny of [[], ['listAsyncJobs']]) {
      const harness: Harness = await connect({ caller: client, deny });
      try {
        const before = counts();
        const answers = await Promise.all(
          Array.from({ length: 3 }, (_, i) =>
            call(harness.client, 'callApi', {
              api: 'deployVirtualMachine',
              params: { ...params, displayname: `mcp-${deny.length}-${i}` },
            }),
          ),
        );
        expect(answers.map((a) => a.json.status)).toEqual(['done', 'done', 'done']);
        const listed = counts().list - before.list;
        if (deny.length === 0) expect(listed).toBeGreaterThan(0);
        else expect(listed).toBe(0);
      } finally {
        await harness.close();
      }
    }
  });
});

describe('JobWatcher', () => {
  const pending = (jobid: string): AsyncJobResult => ({ jobid, jobstatus: 0 });
  const done = (jobid: string): AsyncJobResult => ({ jobid, jobstatus: 1, jobresult: { id: jobid } });
  let watcher: JobWatcher;

  afterEach(() => {
    watcher = undefined as unknown as JobWatcher;
  });

  it('a job the listing shows ended, or does not show, is asked for on its own', async () => {
    const singles: string[] = [];
    watcher = new JobWatcher({
      list: async () => ({ count: 2, asyncjobs: [pending('a'), done('b')] }),
    });
    const watches = ['a', 'b', 'c'].map((id) => ({ id, watch: watcher.watch(id, true) }));
    const answers = await Promise.all(
      watches.map(({ id, watch }) =>
        watch.status(async () => {
          singles.push(id);
          return done(id);
        }),
      ),
    );
    expect(answers.map((a) => a.jobstatus)).toEqual([0, 1, 1]);
    expect(singles.sort()).toEqual(['b', 'c']);
    expect(watcher.stats).toEqual({ listings: 1, answeredByListing: 1 });
  });

  it('reads on to the page the newest jobs are on', async () => {
    const pages: number[] = [];
    watcher = new JobWatcher({
      pageSize: 2,
      list: async (page) => {
        pages.push(page);
        // Five jobs, oldest first: x1 x2 | x3 a | b
        const all = [done('x1'), done('x2'), done('x3'), pending('a'), pending('b')];
        return { count: all.length, asyncjobs: all.slice((page - 1) * 2, page * 2) };
      },
    });
    const statuses = async () => {
      const watches = ['a', 'b'].map((id) => ({ id, watch: watcher.watch(id, true) }));
      const answers = await Promise.all(watches.map(({ id, watch }) => watch.status(async () => done(id))));
      for (const { watch } of watches) watch.end();
      return answers;
    };
    expect((await statuses()).map((a) => a.jobstatus)).toEqual([0, 0]);
    expect(pages).toEqual([1, 2, 3]);
    // The next round starts on the page the last count put the newest jobs on.
    pages.length = 0;
    await statuses();
    expect(pages).toEqual([3]);
  });

  it('after CloudStack refuses listAsyncJobs, every job polls alone', async () => {
    let listings = 0;
    watcher = new JobWatcher({
      list: async () => {
        listings++;
        throw new CloudStackApiError({
          command: 'listAsyncJobs',
          httpStatus: 432,
          errorCode: 432,
          csErrorCode: 9999,
          uuidList: [],
          errorText: 'The given command does not exist or it is not available for the user',
        });
      },
    });
    const round = async () => {
      const watches = ['a', 'b'].map((id) => ({ id, watch: watcher.watch(id, true) }));
      await Promise.all(watches.map(({ id, watch }) => watch.status(async () => pending(id))));
      for (const { watch } of watches) watch.end();
    };
    await round();
    await round();
    expect(listings).toBe(1);
  });

  it('a cancelled wait leaves the round at once', async () => {
    watcher = new JobWatcher({ gatherMs: 60_000, list: async () => ({}) });
    watcher.watch('a', true);
    const controller = new AbortController();
    const waiting = watcher
      .watch('b', true)
      .status(async () => done('b'), controller.signal)
      .catch((e: unknown) => e);
    controller.abort();
    expect(await waiting).toBeInstanceOf(CloudStackAbortError);
  });
});
