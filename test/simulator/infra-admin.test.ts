// Host and cluster administration (issue 14): the state rules of ResourceManagerImpl and
// DedicatedResourceManagerImpl, with CloudStack's codes and texts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

describe('simulator host and cluster administration', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  async function hostsOfZone(): Promise<Json[]> {
    const list = (await ok(sim, 'listHosts', { zoneid: sim.seeded.advancedZoneId })) as { host: Json[] };
    return list.host;
  }

  it('maintenance moves running VMs away, keeps new ones off the host, and is refused twice', async () => {
    const vm = await deployVm(sim, { name: 'maint-vm' });
    const hostId = String(vm.hostid);
    const prepared = await runJob(sim, 'prepareHostForMaintenance', { id: hostId });
    expect(prepared.jobstatus).toBe(1);
    expect((prepared.jobresult?.host as Json | undefined)?.resourcestate).toBe('Maintenance');
    const moved = (await ok(sim, 'listVirtualMachines', { id: String(vm.id) })) as {
      virtualmachine: Json[];
    };
    expect(moved.virtualmachine[0]?.state).toBe('Running');
    expect(moved.virtualmachine[0]?.hostid).not.toBe(hostId);
    for (let i = 0; i < 3; i++) {
      const next = await deployVm(sim, { name: `after-maint-${i}` });
      expect(next.hostid).not.toBe(hostId);
    }
    const again = await runJob(sim, 'prepareHostForMaintenance', { id: hostId });
    expect(again.jobstatus).toBe(2);
    expect(again.jobresult).toEqual({
      errorcode: 530,
      errortext: 'Host is already in state Maintenance. Cannot recall for maintenance until resolved.',
    });
    const cancelled = await runJob(sim, 'cancelHostMaintenance', { id: hostId });
    expect((cancelled.jobresult?.host as Json | undefined)?.resourcestate).toBe('Enabled');
    const twice = await runJob(sim, 'cancelHostMaintenance', { id: hostId });
    expect(twice.jobstatus).toBe(2);
    expect(twice.jobresult?.errortext).toBe(
      `Cannot perform cancelMaintenance when resource state is Enabled, hostId = ${hostId}`,
    );
  });

  it('HA and out-of-band management switches show on the host and the cluster', async () => {
    const host = (await hostsOfZone())[0] ?? {};
    await runJob(sim, 'enableHAForHost', { hostid: String(host.id) });
    await runJob(sim, 'enableOutOfBandManagementForHost', { hostid: String(host.id) });
    const listed = (await ok(sim, 'listHosts', { id: String(host.id) })) as { host: Json[] };
    expect(listed.host[0]?.hostha).toMatchObject({ haenable: true });
    expect(listed.host[0]?.outofbandmanagement).toMatchObject({ enabled: true });
    await runJob(sim, 'enableHAForCluster', { clusterid: String(host.clusterid) });
    const cluster = (await ok(sim, 'listClusters', { id: String(host.clusterid) })) as { cluster: Json[] };
    expect((cluster.cluster[0]?.resourcedetails as Json | undefined)?.resourceHAEnabled).toBe('true');
  });

  it('a cluster with hosts is not deleted; an empty one is; a disabled cluster takes no VMs', async () => {
    const host = (await hostsOfZone())[0] ?? {};
    const refused = await call(sim, 'deleteCluster', { id: String(host.clusterid) });
    expect(refused.status).toBe(530);
    expect((refused.body.deleteclusterresponse as Json).errortext).toBe(
      `Cluster: ${String(host.clusterid)} cannot be removed. Cluster still has hosts`,
    );
    const added = (await ok(sim, 'addCluster', {
      zoneid: sim.seeded.advancedZoneId,
      podid: String(host.podid),
      clustername: 'empty',
      clustertype: 'CloudManaged',
      hypervisor: 'Simulator',
    })) as { cluster: Json[] };
    expect(await ok(sim, 'deleteCluster', { id: String(added.cluster[0]?.id) })).toEqual({ success: true });

    await ok(sim, 'updateCluster', { id: String(host.clusterid), allocationstate: 'Disabled' });
    const job = await runJob(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
    });
    expect(job.jobstatus).toBe(2);
    await ok(sim, 'updateCluster', { id: String(host.clusterid), allocationstate: 'Enabled' });
    const bad = await call(sim, 'updateCluster', { id: String(host.clusterid), allocationstate: 'Maybe' });
    expect(bad.status).toBe(431);
    expect((bad.body.updateclusterresponse as Json).errortext).toBe(
      "Unable to resolve Allocation State 'Maybe' to a supported state",
    );
  });

  it('a cluster is dedicated once and released once', async () => {
    const host = (await hostsOfZone())[0] ?? {};
    const params = { clusterid: String(host.clusterid), domainid: sim.seeded.rootDomainId };
    expect((await runJob(sim, 'dedicateCluster', params)).jobstatus).toBe(1);
    expect((await runJob(sim, 'dedicateCluster', params)).jobstatus).toBe(2);
    expect((await runJob(sim, 'releaseDedicatedCluster', { clusterid: params.clusterid })).jobstatus).toBe(1);
    const twice = await runJob(sim, 'releaseDedicatedCluster', { clusterid: params.clusterid });
    expect(twice.jobresult?.errortext).toBe('No Dedicated Resource available to release');
  });
});
