// listAsyncJobs as CloudStack answers it (QueryManagerImpl.searchForAsyncJobsInternal: the caller's account,
// ordered by id, paged; each entry from AsyncJobJoinDaoImpl.newAsyncJobResponse, the same builder as
// queryAsyncJobResult's answer): a pending job has jobstatus 0 and no jobresult, an ended one carries the
// same jobresult queryAsyncJobResult gives. The client's job watcher relies on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { ok } from './helpers.js';

describe('simulator listAsyncJobs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 60_000 });
  });
  afterAll(() => sim.close());

  const deploy = async (name: string) =>
    String(
      (
        await ok(sim, 'deployVirtualMachine', {
          zoneid: sim.seeded.advancedZoneId,
          templateid: sim.seeded.templateId,
          serviceofferingid: sim.seeded.serviceOfferingId,
          displayname: name,
        })
      ).jobid,
    );

  it('lists jobs oldest first, pending ones without a result, ended ones with queryAsyncJobResult’s', async () => {
    const first = await deploy('first');
    const second = await deploy('second');
    const listed = (await ok(sim, 'listAsyncJobs', {})).asyncjobs as Record<string, unknown>[];
    const ids = listed.map((j) => j.jobid);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    const pending = listed.find((j) => j.jobid === second) as Record<string, unknown>;
    expect(pending.jobstatus).toBe(0);
    expect(pending).not.toHaveProperty('jobresult');

    sim.setFaults({ jobDurationMs: 0 });
    const ended = await deploy('third');
    const queried = await ok(sim, 'queryAsyncJobResult', { jobid: ended });
    const page = await ok(sim, 'listAsyncJobs', { page: '1', pagesize: '500' });
    const entry = (page.asyncjobs as Record<string, unknown>[]).find((j) => j.jobid === ended);
    expect(entry?.jobstatus).toBe(1);
    expect(entry?.jobresult).toEqual(queried.jobresult);
    expect(page.count).toBe(listed.length + 1);
  });
});
