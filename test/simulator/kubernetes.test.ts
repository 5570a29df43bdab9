// The Kubernetes service (issue 14): supported versions, clusters whose nodes are VMs, and their refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

describe('simulator Kubernetes service', () => {
  let sim: RunningSimulator;
  let versionId = '';
  const offerings: Record<string, string> = {};
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
    const version = (await ok(sim, 'addKubernetesSupportedVersion', {
      semanticversion: '1.24.0',
      url: 'http://download.example.com/cks/1.24.0.iso',
      mincpunumber: '2',
      minmemory: '2048',
    })) as { kubernetessupportedversion: Json };
    versionId = String(version.kubernetessupportedversion.id);
    const list = (await ok(sim, 'listServiceOfferings')) as { serviceoffering: Json[] };
    for (const o of list.serviceoffering) offerings[String(o.name)] = String(o.id);
  });
  afterAll(() => sim.close());

  const cluster = (offering: string, name: string) => ({
    name,
    description: name,
    zoneid: sim.seeded.advancedZoneId,
    kubernetesversionid: versionId,
    serviceofferingid: offerings[offering] ?? '',
    size: '2',
    networkid: sim.seeded.networkId,
  });

  it('refuses an offering smaller than the version needs, with the plugin text', async () => {
    const refused = await call(sim, 'createKubernetesCluster', cluster('Small Instance', 'tiny'));
    expect(refused.status).toBe(431);
    expect((refused.body.createkubernetesclusterresponse as Json).errortext).toBe(
      `Kubernetes cluster cannot be created with service offering ID: ${offerings['Small Instance']}, Kubernetes version ID: ${versionId} needs minimum 2 vCPUs`,
    );
  });

  it('deploys one control node and the workers as VMs, then gives a kubeconfig for its endpoint', async () => {
    const job = await runJob(sim, 'createKubernetesCluster', cluster('Large Instance', 'k8s'));
    expect(job.jobstatus).toBe(1);
    const made = job.jobresult?.kubernetescluster as Json;
    expect(made).toMatchObject({
      state: 'Running',
      size: 2,
      controlnodes: 1,
      cpunumber: '6',
      memory: '12288',
    });
    const nodes = made.virtualmachines as Json[];
    expect(nodes).toHaveLength(3);
    const vms = (await ok(sim, 'listVirtualMachines', { keyword: 'k8s-' })) as { virtualmachine: Json[] };
    expect(vms.virtualmachine.map((vm) => vm.state)).toEqual(['Running', 'Running', 'Running']);
    const config = (await ok(sim, 'getKubernetesClusterConfig', { id: String(made.id) })) as {
      clusterconfig: Json;
    };
    expect(String(config.clusterconfig.configdata)).toContain(
      `server: ${String(made.endpoint).replace(/\/$/, '')}`,
    );
    const again = await call(sim, 'createKubernetesCluster', cluster('Large Instance', 'k8s'));
    expect(again.status).toBe(431);
  });
});
