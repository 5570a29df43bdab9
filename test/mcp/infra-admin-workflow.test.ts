// Issue 14, host and network administration through the product: a real MCP Client against the server in
// process, whose CloudStack is the embedded simulator. An operator's agent finds the maintenance API by
// everyday words, puts a VM's host into maintenance (the VM moves), and gives the zone a new public range
// that addresses then come from.
import { describe, expect, it } from 'vitest';
import { call, itemsOf, type ToolAnswer } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

type Json = Record<string, unknown>;

describe('host and network administration an agent is asked for, against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 5 });

  /** callApi, confirmed by the user when the server asks (destructive APIs). */
  async function callApi(api: string, params: Json, fields?: string[]): Promise<ToolAnswer> {
    const args = { api, params, ...(fields ? { fields } : {}) };
    const first = await call(world.server.client, 'callApi', args);
    if (first.structured.status !== 'confirmation_required') return first;
    const token = (first.structured.confirmation as { confirmToken: string }).confirmToken;
    return call(world.server.client, 'callApi', { ...args, confirm: token });
  }

  it('finds host maintenance by its words and empties a host of its VMs', async () => {
    const found = await call(world.server.client, 'searchApis', { query: 'host maintenance' });
    expect(found.isError, found.text).toBe(false);
    const names = (found.structured.apis as Array<{ name: string }>).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['prepareHostForMaintenance', 'cancelHostMaintenance']));

    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'app-1',
    });
    expect(deployed.isError, deployed.text).toBe(false);
    const vm = deployed.structured.vm as Json;
    const placed = await callApi('listVirtualMachines', { id: String(vm.id) }, ['id', 'hostid']);
    const hostId = String(itemsOf(placed.structured)[0]?.hostid);

    const maintenance = await callApi('prepareHostForMaintenance', { id: hostId });
    expect(maintenance.isError, maintenance.text).toBe(false);
    expect(maintenance.structured).toMatchObject({ status: 'done' });
    const hosts = await callApi('listHosts', { id: hostId }, ['id', 'resourcestate']);
    expect(itemsOf(hosts.structured)).toEqual([{ id: hostId, resourcestate: 'Maintenance' }]);
    const moved = await callApi('listVirtualMachines', { id: String(vm.id) }, ['id', 'state', 'hostid']);
    expect(itemsOf(moved.structured)[0]).toMatchObject({ state: 'Running' });
    expect(itemsOf(moved.structured)[0]?.hostid).not.toBe(hostId);

    const again = await callApi('prepareHostForMaintenance', { id: hostId });
    expect(again.isError).toBe(true);
    expect(again.text).toContain('Host is already in state Maintenance');
    const back = await callApi('cancelHostMaintenance', { id: hostId });
    expect(back.isError, back.text).toBe(false);
  });

  it('adds a public IP range to the zone and acquires an address from it', async () => {
    const zoneid = world.simulator.seeded.advancedZoneId;
    const range = await callApi('createVlanIpRange', {
      zoneid,
      vlan: '300',
      gateway: '203.0.113.1',
      netmask: '255.255.255.0',
      startip: '203.0.113.10',
      endip: '203.0.113.50',
      forvirtualnetwork: true,
    });
    expect(range.isError, range.text).toBe(false);
    const ip = await callApi('associateIpAddress', {
      networkid: world.simulator.seeded.networkId,
      ipaddress: '203.0.113.10',
    });
    expect(ip.isError, ip.text).toBe(false);
    const listed = await callApi('listPublicIpAddresses', { ipaddress: '203.0.113.10' }, [
      'ipaddress',
      'state',
    ]);
    expect(itemsOf(listed.structured)).toEqual([{ ipaddress: '203.0.113.10', state: 'Allocated' }]);
  });

  it("runs a Kubernetes cluster and keeps its kubeconfig's credentials out of the answer", async () => {
    const version = await callApi('addKubernetesSupportedVersion', {
      semanticversion: '1.24.0',
      url: 'http://download.example.com/cks/1.24.0.iso',
      mincpunumber: 2,
      minmemory: 2048,
    });
    expect(version.isError, version.text).toBe(false);
    const versions = await callApi('listKubernetesSupportedVersions', {}, ['id']);
    const offerings = await callApi('listServiceOfferings', { name: 'Large Instance' }, ['id']);
    const cluster = await callApi('createKubernetesCluster', {
      name: 'k8s',
      description: 'k8s',
      zoneid: world.simulator.seeded.advancedZoneId,
      kubernetesversionid: String(itemsOf(versions.structured)[0]?.id),
      serviceofferingid: String(itemsOf(offerings.structured)[0]?.id),
      size: 1,
      networkid: world.simulator.seeded.networkId,
    });
    expect(cluster.isError, cluster.text).toBe(false);
    expect(cluster.structured).toMatchObject({ status: 'done' });
    const clusters = await callApi('listKubernetesClusters', {}, ['id', 'state']);
    const made = itemsOf(clusters.structured)[0];
    expect(made).toMatchObject({ state: 'Running' });
    const config = await callApi('getKubernetesClusterConfig', { id: String(made?.id) });
    expect(config.isError, config.text).toBe(false);
    expect(config.text).toContain('[REDACTED]');
    expect(config.text).not.toContain('simulated-');
  });
});
