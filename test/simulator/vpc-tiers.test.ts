// Issue 14: VPC tiers, network ACL lists and their rules, public IPs in a VPC, with CloudStack's refusals
// (VpcManagerImpl.validateNewVpcGuestNetwork and deleteVpc, NetworkServiceImpl.createGuestNetwork,
// NetworkACLServiceImpl, NetworkACLManagerImpl.deleteNetworkACL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, ok, runJob } from './helpers.js';

type Json = Record<string, unknown>;

describe('VPC tiers and network ACLs', () => {
  let sim: RunningSimulator;
  let vpcId: string;
  let tierOffering: string;
  let isolatedOffering: string;

  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
    const offerings = (await ok(sim, 'listVPCOfferings', {})) as { vpcoffering: Json[] };
    const vpc = await runJob(sim, 'createVPC', {
      name: 'shop',
      displaytext: 'the shop',
      cidr: '10.10.0.0/16',
      vpcofferingid: String(offerings.vpcoffering[0]?.id),
      zoneid: sim.seeded.advancedZoneId,
    });
    vpcId = String((vpc.jobresult?.vpc as Json | undefined)?.id);
    const forVpc = (await ok(sim, 'listNetworkOfferings', { forvpc: 'true' })) as { networkoffering: Json[] };
    expect(forVpc.networkoffering.map((o) => o.name)).toEqual([
      'DefaultIsolatedNetworkOfferingForVpcNetworks',
    ]);
    tierOffering = String(forVpc.networkoffering[0]?.id);
    const isolated = (await ok(sim, 'listNetworkOfferings', {
      guestiptype: 'Isolated',
      forvpc: 'false',
    })) as { networkoffering: Json[] };
    isolatedOffering = String(isolated.networkoffering[0]?.id);
  });
  afterAll(() => sim.close());

  function tier(name: string, gateway: string, extra: Record<string, string> = {}) {
    return call(sim, 'createNetwork', {
      name,
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: tierOffering,
      vpcid: vpcId,
      gateway,
      netmask: '255.255.255.0',
      ...extra,
    });
  }

  it('the global default_allow and default_deny lists exist, with their allow-all and deny-all rules', async () => {
    const lists = (await ok(sim, 'listNetworkACLLists', {})) as { networkacllist: Json[] };
    expect(lists.networkacllist.map((l) => l.name).sort()).toEqual(['default_allow', 'default_deny']);
    expect(lists.networkacllist.every((l) => !('vpcid' in l))).toBe(true);
    const deny = lists.networkacllist.find((l) => l.name === 'default_deny');
    const rules = (await ok(sim, 'listNetworkACLs', { aclid: String(deny?.id) })) as { networkacl: Json[] };
    expect(rules.networkacl.map((r) => [r.traffictype, r.action, r.protocol, r.cidrlist])).toEqual([
      ['Ingress', 'Deny', 'all', '0.0.0.0/0'],
      ['Egress', 'Deny', 'all', '0.0.0.0/0'],
    ]);
    const modify = await call(sim, 'createNetworkACL', { aclid: String(deny?.id), protocol: 'tcp' });
    expect(inner(modify, 'createNetworkACL')).toMatchObject({
      errorcode: 431,
      errortext: 'Default ACL cannot be modified',
    });
    const remove = await runJob(sim, 'deleteNetworkACLList', { id: String(deny?.id) });
    expect(remove.jobstatus).toBe(2);
    expect(remove.jobresult).toMatchObject({ errortext: 'Default ACL cannot be removed' });
  });

  it('creates a tier within the VPC CIDR with the default_deny list, and refuses what CloudStack refuses', async () => {
    const created = inner(await tier('web', '10.10.1.1'), 'createNetwork').network as Json;
    expect(created).toMatchObject({
      vpcid: vpcId,
      vpcname: 'shop',
      cidr: '10.10.1.0/24',
      aclname: 'default_deny',
      networkdomain: expect.stringMatching(/cloud\.internal$/),
    });
    const tiers = (await ok(sim, 'listNetworks', { vpcid: vpcId })) as { network: Json[] };
    expect(tiers.network.map((n) => n.name)).toEqual(['web']);
    expect(((await ok(sim, 'listVPCs', { id: vpcId })) as { vpc: Json[] }).vpc[0]?.network).toEqual([
      expect.objectContaining({ name: 'web' }),
    ]);
    const outside = await tier('far', '10.20.1.1');
    expect(inner(outside, 'createNetwork')).toMatchObject({
      errorcode: 431,
      errortext: expect.stringMatching(
        /^Network cidr 10\.20\.1\.0\/24 is not within vpc \[VPC \[\d+-shop\] cidr$/,
      ),
    });
    const crossing = await tier('web2', '10.10.1.129', { netmask: '255.255.255.128' });
    expect(inner(crossing, 'createNetwork')).toMatchObject({
      errorcode: 431,
      errortext: expect.stringMatching(/^Network cidr 10\.10\.1\.128\/25 crosses other network cidr Ntwk\[/),
    });
    const noGateway = await call(sim, 'createNetwork', {
      name: 'x',
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: tierOffering,
      vpcid: vpcId,
    });
    expect(inner(noGateway, 'createNetwork')).toMatchObject({
      errortext: 'Gateway/netmask are required when create network for VPC',
    });
    const wrongOffering = await tier('x', '10.10.9.1', { networkofferingid: isolatedOffering });
    expect(inner(wrongOffering, 'createNetwork')).toMatchObject({
      errortext: "Network offering can't be used for VPC networks",
    });
    const outsideVpc = await call(sim, 'createNetwork', {
      name: 'x',
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: tierOffering,
    });
    expect(inner(outsideVpc, 'createNetwork')).toMatchObject({
      errortext: 'Network offering can be used for VPC networks only',
    });
    // A VPC with tiers is not deleted: the job fails with deleteVpc's text.
    const refused = await runJob(sim, 'deleteVPC', { id: vpcId });
    expect(refused.jobstatus).toBe(2);
    expect(refused.jobresult).toMatchObject({
      errorcode: 530,
      errortext: expect.stringMatching(/^Can't delete VPC \[VPC \[\d+-shop\] as its used by 1 networks$/),
    });
  });

  it("ACL lists: create, add, update, list and delete rules, replace a tier's list; a list in use is not deleted", async () => {
    const db = inner(await tier('db', '10.10.2.1'), 'createNetwork').network as Json;
    const list = await runJob(sim, 'createNetworkACLList', { name: 'db-acl', vpcid: vpcId });
    const acl = list.jobresult?.networkacllist as Json;
    expect(acl).toMatchObject({ name: 'db-acl', description: 'db-acl', vpcid: vpcId, vpcname: 'shop' });
    const rule = await runJob(sim, 'createNetworkACL', {
      aclid: String(acl.id),
      protocol: 'tcp',
      startport: '5432',
      cidrlist: '10.10.1.0/24',
    });
    expect(rule.jobresult?.networkacl).toMatchObject({
      number: 1,
      startport: '5432',
      endport: '5432',
      traffictype: 'Ingress',
      action: 'Allow',
      state: 'Active',
      cidrlist: '10.10.1.0/24',
      aclname: 'db-acl',
    });
    const ruleId = String((rule.jobresult?.networkacl as Json | undefined)?.id);
    const duplicate = await call(sim, 'createNetworkACL', {
      aclid: String(acl.id),
      protocol: 'udp',
      number: '1',
    });
    expect(inner(duplicate, 'createNetworkACL')).toMatchObject({
      errortext: `ACL item with number 1 already exists in ACL: ${acl.id}`,
    });
    const badPorts = await call(sim, 'createNetworkACL', {
      aclid: String(acl.id),
      protocol: 'all',
      startport: '1',
    });
    expect(inner(badPorts, 'createNetworkACL')).toMatchObject({
      errortext: "start port and end port must be null if protocol = 'all'",
    });
    const badProtocol = await call(sim, 'createNetworkACL', { aclid: String(acl.id), protocol: 'gre' });
    expect(inner(badProtocol, 'createNetworkACL')).toMatchObject({
      errortext: 'Invalid protocol [gre]. Expected one of: [tcp,udp,icmp,all]',
    });
    const updated = await runJob(sim, 'updateNetworkACLItem', {
      id: ruleId,
      action: 'deny',
      endport: '5433',
    });
    expect(updated.jobresult?.networkacl).toMatchObject({
      action: 'Deny',
      startport: '5432',
      endport: '5433',
    });

    expect(
      (await runJob(sim, 'replaceNetworkACLList', { aclid: String(acl.id), networkid: String(db.id) }))
        .jobresult,
    ).toEqual({ success: true });
    const listedForTier = (await ok(sim, 'listNetworkACLs', { networkid: String(db.id) })) as {
      networkacl: Json[];
    };
    expect(listedForTier.networkacl.map((r) => r.id)).toEqual([ruleId]);
    const inUse = await runJob(sim, 'deleteNetworkACLList', { id: String(acl.id) });
    expect(inUse.jobresult).toMatchObject({
      errorcode: 530,
      errortext: `ACL is still associated with 1 tier(s). Cannot delete network ACL: ${acl.id}`,
    });
    const notVpc = await runJob(sim, 'replaceNetworkACLList', {
      aclid: String(acl.id),
      networkid: String(sim.seeded.networkId),
    });
    expect(notVpc.jobresult).toMatchObject({
      errortext: `Network is not part of a VPC: ${sim.seeded.networkId}`,
    });

    expect((await runJob(sim, 'deleteNetworkACL', { id: ruleId })).jobresult).toEqual({ success: true });
    expect(await ok(sim, 'listNetworkACLs', { aclid: String(acl.id) })).toEqual({});
    const deny = (
      (await ok(sim, 'listNetworkACLLists', { name: 'default_deny' })) as { networkacllist: Json[] }
    ).networkacllist[0];
    await runJob(sim, 'replaceNetworkACLList', { aclid: String(deny?.id), networkid: String(db.id) });
    expect((await runJob(sim, 'deleteNetworkACLList', { id: String(acl.id) })).jobresult).toEqual({
      success: true,
    });
    expect((await runJob(sim, 'deleteNetwork', { id: String(db.id) })).jobstatus).toBe(1);
  });

  it('public IPs in a VPC: the source NAT address, static NAT to a tier VM, released with the VPC', async () => {
    const sourceNat = (await ok(sim, 'listPublicIpAddresses', { vpcid: vpcId })) as {
      publicipaddress: Json[];
    };
    expect(sourceNat.publicipaddress).toEqual([
      expect.objectContaining({ issourcenat: true, vpcid: vpcId, vpcname: 'shop' }),
    ]);
    expect(sourceNat.publicipaddress[0]).not.toHaveProperty('associatednetworkid');
    const web = ((await ok(sim, 'listNetworks', { vpcid: vpcId, name: 'web' })) as { network: Json[] })
      .network[0];
    const vm = await deployVm(sim, { name: 'web-1', networkids: String(web?.id) });
    const ip = (await runJob(sim, 'associateIpAddress', { vpcid: vpcId })).jobresult?.ipaddress as Json;
    expect(ip).toMatchObject({ vpcid: vpcId, issourcenat: false, state: 'Allocated' });
    const noTier = await call(sim, 'enableStaticNat', {
      ipaddressid: String(ip.id),
      virtualmachineid: String(vm.id),
    });
    expect(inner(noTier, 'enableStaticNat')).toMatchObject({
      errorcode: 431,
      errortext: expect.stringContaining(
        'as ip is not associated with any network and no networkId is passed in',
      ),
    });
    await ok(sim, 'enableStaticNat', {
      ipaddressid: String(ip.id),
      virtualmachineid: String(vm.id),
      networkid: String(web?.id),
    });
    const natted = (await ok(sim, 'listPublicIpAddresses', { id: String(ip.id) })) as {
      publicipaddress: Json[];
    };
    expect(natted.publicipaddress[0]).toMatchObject({
      isstaticnat: true,
      virtualmachinename: 'web-1',
      associatednetworkid: web?.id,
      vmipaddress: expect.stringMatching(/^10\.10\.1\./),
    });
    // Port forwarding on another VPC address puts it on the tier named by networkid.
    const forwarded = (await runJob(sim, 'associateIpAddress', { vpcid: vpcId })).jobresult
      ?.ipaddress as Json;
    const pfParams = {
      ipaddressid: String(forwarded.id),
      virtualmachineid: String(vm.id),
      protocol: 'tcp',
      publicport: '443',
      privateport: '443',
    };
    const pfNoTier = await call(sim, 'createPortForwardingRule', pfParams);
    expect(inner(pfNoTier, 'createPortForwardingRule')).toMatchObject({
      errortext: expect.stringMatching(
        /^Unable to create port forwarding rule for the ipAddress id=\d+ as ip is not associated/,
      ),
    });
    const pf = await runJob(sim, 'createPortForwardingRule', { ...pfParams, networkid: String(web?.id) });
    expect(pf.jobresult?.portforwardingrule).toMatchObject({ publicport: '443', networkid: web?.id });
    const hidden = await runJob(sim, 'updateIpAddress', { id: String(ip.id), fordisplay: 'false' });
    expect(hidden.jobresult?.ipaddress).toMatchObject({ id: ip.id, fordisplay: false });
    const keepSourceNat = await runJob(sim, 'disassociateIpAddress', {
      id: String(sourceNat.publicipaddress[0]?.id),
    });
    expect(keepSourceNat.jobresult).toMatchObject({
      errortext: 'ip address is used for source nat purposes and can not be disassociated.',
    });
    // Once its tiers are gone, the VPC goes with its addresses.
    await runJob(sim, 'destroyVirtualMachine', { id: String(vm.id), expunge: 'true' });
    expect((await runJob(sim, 'deleteNetwork', { id: String(web?.id) })).jobstatus).toBe(1);
    expect((await runJob(sim, 'deleteVPC', { id: vpcId })).jobresult).toEqual({ success: true });
    expect(await ok(sim, 'listPublicIpAddresses', { vpcid: vpcId })).toEqual({});
  });
});
