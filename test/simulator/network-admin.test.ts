// Network offerings and VLAN IP ranges (issue 14): the state rules of ConfigurationManagerImpl and
// NetworkServiceImpl, with CloudStack's codes and texts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

function errorText(body: Json, command: string): unknown {
  return (body[`${command.toLowerCase()}response`] as Json | undefined)?.errortext;
}

describe('simulator network offerings and VLAN IP ranges', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('a new offering starts Disabled, serves networks once enabled, and is not deleted while used', async () => {
    const created = (await ok(sim, 'createNetworkOffering', {
      name: 'iso-nat',
      displaytext: 'isolated with source NAT',
      traffictype: 'Guest',
      guestiptype: 'Isolated',
      supportedservices: 'Dhcp,Dns,SourceNat,Firewall',
    })) as { networkoffering: Json };
    const offeringId = String(created.networkoffering.id);
    expect(created.networkoffering.state).toBe('Disabled');
    const network = { name: 'on-new', zoneid: sim.seeded.advancedZoneId, networkofferingid: offeringId };
    const refused = await call(sim, 'createNetwork', network);
    expect(refused.status).toBe(431);
    expect(errorText(refused.body, 'createNetwork')).toBe(
      'Network offering with specified id is not in Enabled state',
    );
    await ok(sim, 'updateNetworkOffering', { id: offeringId, state: 'Enabled' });
    const made = (await ok(sim, 'createNetwork', network)) as { network: Json };
    expect(made.network.networkofferingid).toBe(offeringId);
    const inUse = await call(sim, 'deleteNetworkOffering', { id: offeringId });
    expect(inUse.status).toBe(431);
    expect(errorText(inUse.body, 'deleteNetworkOffering')).toBe(
      `Can't delete network offering NetworkOffering [${offeringId}-Guest-iso-nat] as its used by 1 networks. To make the network offering unavailable, disable it`,
    );
    const bad = await call(sim, 'createNetworkOffering', {
      name: 'x',
      displaytext: 'x',
      traffictype: 'Guest',
      guestiptype: 'Routed',
    });
    expect(errorText(bad.body, 'createNetworkOffering')).toBe(
      'Invalid "type" parameter is given; can have Shared and Isolated values',
    );
  });

  it('built-in offerings are not deleted', async () => {
    const list = (await ok(sim, 'listNetworkOfferings', { name: 'DefaultL2NetworkOffering' })) as {
      networkoffering: Json[];
    };
    const refused = await call(sim, 'deleteNetworkOffering', { id: String(list.networkoffering[0]?.id) });
    expect(refused.status).toBe(431);
    expect(errorText(refused.body, 'deleteNetworkOffering')).toBe(
      "Default network offering can't be deleted",
    );
  });

  it('a new public range hands out addresses, refuses overlaps, and is kept while addresses are used', async () => {
    const zoneid = sim.seeded.advancedZoneId;
    const range = (await ok(sim, 'createVlanIpRange', {
      zoneid,
      vlan: '200',
      gateway: '192.0.2.1',
      netmask: '255.255.255.0',
      startip: '192.0.2.10',
      endip: '192.0.2.20',
      forvirtualnetwork: 'true',
    })) as { vlan: Json };
    const rangeId = String(range.vlan.id);
    expect(range.vlan.cidr).toBe('192.0.2.0/24');
    const listed = (await ok(sim, 'listVlanIpRanges', { zoneid })) as { vlaniprange: Json[] };
    expect(listed.vlaniprange.map((r) => r.startip)).toEqual(['10.70.3.100', '192.0.2.10']);

    const overlap = await call(sim, 'createVlanIpRange', {
      zoneid,
      gateway: '192.0.2.1',
      netmask: '255.255.255.0',
      startip: '192.0.2.15',
      endip: '192.0.2.30',
    });
    expect(errorText(overlap.body, 'createVlanIpRange')).toBe(
      'The IP range already has IPs that overlap with the new range. Please specify a different start IP/end IP.',
    );
    const gateway = await call(sim, 'createVlanIpRange', {
      zoneid,
      gateway: '198.51.100.5',
      netmask: '255.255.255.0',
      startip: '198.51.100.1',
      endip: '198.51.100.9',
    });
    expect(errorText(gateway.body, 'createVlanIpRange')).toBe(
      "The gateway shouldn't overlap the new start/end ip addresses",
    );

    const networks = (await ok(sim, 'listNetworks', { name: 'admin-network' })) as { network: Json[] };
    const ip = await runJob(sim, 'associateIpAddress', {
      networkid: String(networks.network[0]?.id),
      ipaddress: '192.0.2.12',
    });
    expect((ip.jobresult?.ipaddress as Json | undefined)?.ipaddress).toBe('192.0.2.12');
    const shrink = await call(sim, 'updateVlanIpRange', { id: rangeId, endip: '192.0.2.11' });
    expect(errorText(shrink.body, 'updateVlanIpRange')).toBe(
      'The start IP address must be less than or equal to 192.0.2.12 which is already in use. The end IP address must be greater than or equal to 192.0.2.12 which is already in use. There are 1 IPs already allocated in this range.',
    );
    const used = await call(sim, 'deleteVlanIpRange', { id: rangeId });
    expect(used.status).toBe(431);
    expect(errorText(used.body, 'deleteVlanIpRange')).toBe('1  Ips are in use. Cannot delete this vlan');
    await runJob(sim, 'disassociateIpAddress', {
      id: String((ip.jobresult?.ipaddress as Json | undefined)?.id),
    });
    expect(await ok(sim, 'deleteVlanIpRange', { id: rangeId })).toEqual({ success: true });
    const gone = await call(sim, 'deleteVlanIpRange', { id: rangeId });
    expect(errorText(gone.body, 'deleteVlanIpRange')).toBe('Please specify a valid IP range id.');
  });
});
