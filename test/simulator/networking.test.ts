// Networking family (issue 14): public IPs, firewall, port forwarding, static NAT and load balancer rules,
// with CloudStack's refusals (texts from IpAddressManagerImpl, NetworkServiceImpl, FirewallManagerImpl,
// RulesManagerImpl, LoadBalancingRulesManagerImpl).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, deployVm, inner, ok, runJob, waitForJob } from './helpers.js';

type Json = Record<string, unknown>;

describe('networking: public IPs and the rules on them', () => {
  let sim: RunningSimulator;
  let networkId: string;
  let vmId: string;

  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
    const vm = await deployVm(sim, { name: 'net-vm-1' });
    vmId = String(vm.id);
    networkId = String((vm.nic as Json[])[0]?.networkid);
  });
  afterAll(() => sim.close());

  async function offering(name: string): Promise<string> {
    const list = (await ok(sim, 'listNetworkOfferings', { name })) as { networkoffering: Json[] };
    return String(list.networkoffering[0]?.id);
  }

  async function associate(network = networkId): Promise<Json> {
    const job = await runJob(sim, 'associateIpAddress', { networkid: network });
    expect(job.jobstatus, JSON.stringify(job)).toBe(1);
    return job.jobresult?.ipaddress as Json;
  }

  it('the seeded isolated network has its source NAT address, which cannot be released', async () => {
    const list = (await ok(sim, 'listPublicIpAddresses', { associatednetworkid: networkId })) as {
      publicipaddress: Json[];
    };
    const sourceNat = list.publicipaddress.find((ip) => ip.issourcenat === true);
    expect(sourceNat?.ipaddress).toBe('10.70.3.100');
    const job = await runJob(sim, 'disassociateIpAddress', { id: String(sourceNat?.id) });
    expect(job.jobstatus).toBe(2);
    expect(job.jobresult).toEqual({
      errorcode: 530,
      errortext: 'ip address is used for source nat purposes and can not be disassociated.',
    });
  });

  it('associates an address (id and jobid at once), lists it, and releases it', async () => {
    const started = await ok(sim, 'associateIpAddress', { networkid: networkId });
    expect(Object.keys(started).sort()).toEqual(['id', 'jobid']);
    const job = await waitForJob(sim, String(started.jobid));
    expect((job.jobresult?.ipaddress as Json | undefined)?.id).toBe(started.id);
    const listed = (await ok(sim, 'listPublicIpAddresses', { id: String(started.id) })) as {
      publicipaddress: Json[];
    };
    expect(listed.publicipaddress[0]).toMatchObject({ issourcenat: false, associatednetworkid: networkId });
    const released = await runJob(sim, 'disassociateIpAddress', { id: String(started.id) });
    expect(released.jobresult).toEqual({ success: true });
    expect(await ok(sim, 'listPublicIpAddresses', { id: String(started.id) })).toEqual({});
  });

  it('refuses an address in an isolated network without source NAT', async () => {
    const created = (await ok(sim, 'createNetwork', {
      name: 'no-snat',
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: await offering('DefaultIsolatedNetworkOffering'),
    })) as { network: Json };
    const job = await runJob(sim, 'associateIpAddress', { networkid: String(created.network.id) });
    expect(job.jobstatus).toBe(2);
    expect(job.jobresult).toEqual({
      errorcode: 530,
      errortext:
        'In zone of type Advanced ip address can be associated only to the network of guest type Isolated with the SourceNat enabled',
    });
    const left = await ok(sim, 'listPublicIpAddresses', { associatednetworkid: String(created.network.id) });
    expect(left).toEqual({});
  });

  it('forwards port 22 (opening the firewall) and refuses a second rule on the same port', async () => {
    const ip = await associate();
    const job = await runJob(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: vmId,
      protocol: 'TCP',
      publicport: '22',
      privateport: '22',
    });
    expect(job.jobresult?.portforwardingrule).toMatchObject({
      protocol: 'tcp',
      publicport: '22',
      privateport: '22',
      virtualmachineid: vmId,
      state: 'Active',
    });
    const firewall = (await ok(sim, 'listFirewallRules', { ipaddressid: String(ip.id) })) as {
      firewallrule: Json[];
    };
    expect(firewall.firewallrule).toHaveLength(1);
    expect(firewall.firewallrule[0]).toMatchObject({ startport: 22, endport: 22, cidrlist: '0.0.0.0/0' });

    const again = await call(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: vmId,
      protocol: 'tcp',
      publicport: '20',
      publicendport: '30',
      privateport: '20',
      privateendport: '30',
      openfirewall: 'false',
    });
    expect(again.status).toBe(537);
    const error = inner(again, 'createPortForwardingRule');
    expect(error.errorcode).toBe(537);
    expect(String(error.errortext)).toMatch(
      /^The range specified, 20-30, conflicts with rule Rule\[\d+-PortForwarding-Active\] which has 22-22$/,
    );
    // UDP on the same port is allowed: CloudStack lets port forwarding rules differ by protocol alone.
    const udp = await runJob(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: vmId,
      protocol: 'udp',
      publicport: '22',
      privateport: '22',
    });
    expect(udp.jobstatus).toBe(1);
  });

  it('refuses a duplicate firewall rule and accepts one from other CIDRs', async () => {
    const ip = await associate();
    const rule = { ipaddressid: String(ip.id), protocol: 'tcp', startport: '80', endport: '90' };
    expect((await runJob(sim, 'createFirewallRule', rule)).jobstatus).toBe(1);
    const duplicate = await call(sim, 'createFirewallRule', { ...rule, startport: '85', endport: '85' });
    expect(duplicate.status).toBe(537);
    expect(String(inner(duplicate, 'createFirewallRule').errortext)).toContain('conflicts with rule');
    const other = await runJob(sim, 'createFirewallRule', { ...rule, cidrlist: '192.0.2.0/24' });
    expect(other.jobstatus).toBe(1);
    const icmp = await call(sim, 'createFirewallRule', { ...rule, protocol: 'icmp' });
    expect(inner(icmp, 'createFirewallRule').errortext).toBe(
      "Can't specify start/end port when protocol is ICMP",
    );
    const bad = await call(sim, 'createFirewallRule', { ...rule, protocol: 'gre' });
    expect(inner(bad, 'createFirewallRule')).toMatchObject({ errorcode: 431, cserrorcode: 4350 });
  });

  it('egress rules default to the network CIDR and are listed apart from ingress rules', async () => {
    const job = await runJob(sim, 'createEgressFirewallRule', { networkid: networkId, protocol: 'all' });
    expect(job.jobresult?.firewallrule).toMatchObject({ cidrlist: '10.1.0.0/16', destcidrlist: '' });
    const egress = (await ok(sim, 'listEgressFirewallRules', { networkid: networkId })) as {
      firewallrule: Json[];
    };
    expect(egress.firewallrule.map((r) => r.protocol)).toEqual(['all']);
    const deleted = await runJob(sim, 'deleteEgressFirewallRule', {
      id: String((job.jobresult?.firewallrule as Json | undefined)?.id),
    });
    expect(deleted.jobresult).toEqual({ success: true });
  });

  it('static NAT: refused on the source NAT address and on an address with port forwarding', async () => {
    const sourceNat = (await ok(sim, 'listPublicIpAddresses', { issourcenat: 'true' })) as {
      publicipaddress: Json[];
    };
    const refused = await call(sim, 'enableStaticNat', {
      ipaddressid: String(sourceNat.publicipaddress[0]?.id),
      virtualmachineid: vmId,
    });
    expect(inner(refused, 'enableStaticNat')).toMatchObject({
      errorcode: 431,
      errortext: "Can't enable static, ip address Ip[10.70.3.100-1] is a sourceNat ip address",
    });
    const ip = await associate();
    expect(await ok(sim, 'enableStaticNat', { ipaddressid: String(ip.id), virtualmachineid: vmId })).toEqual({
      success: true,
    });
    const listed = (await ok(sim, 'listPublicIpAddresses', { id: String(ip.id) })) as {
      publicipaddress: Json[];
    };
    expect(listed.publicipaddress[0]).toMatchObject({ isstaticnat: true, virtualmachineid: vmId });
    const pf = await call(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: vmId,
      protocol: 'tcp',
      publicport: '80',
      privateport: '80',
    });
    expect(String(inner(pf, 'createPortForwardingRule').errortext)).toMatch(
      /^Unable to create port forwarding rule; ip id=\d+ has static nat enabled$/,
    );
    expect((await runJob(sim, 'disableStaticNat', { ipaddressid: String(ip.id) })).jobresult).toEqual({
      success: true,
    });
    const again = await call(sim, 'disableStaticNat', { ipaddressid: String(ip.id) });
    expect(inner(again, 'disableStaticNat').errortext).toBe(
      'Specified IP address id is not associated with any vm Id',
    );
  });

  it('load balancer: assign two VMs, list them, remove one, delete the rule', async () => {
    const second = String((await deployVm(sim, { name: 'net-vm-2' })).id);
    const ip = await associate();
    const created = await runJob(sim, 'createLoadBalancerRule', {
      publicipid: String(ip.id),
      name: 'web',
      algorithm: 'roundrobin',
      publicport: '80',
      privateport: '8080',
    });
    const lb = created.jobresult?.loadbalancer as Json;
    expect(lb).toMatchObject({
      publicport: '80',
      privateport: '8080',
      algorithm: 'roundrobin',
      publicip: ip.ipaddress,
    });
    const assigned = await runJob(sim, 'assignToLoadBalancerRule', {
      id: String(lb.id),
      virtualmachineids: `${vmId},${second}`,
    });
    expect(assigned.jobresult).toEqual({ success: true });
    const instances = (await ok(sim, 'listLoadBalancerRuleInstances', { id: String(lb.id) })) as {
      count: number;
      loadbalancerruleinstance: Json[];
    };
    expect(instances.loadbalancerruleinstance.map((vm) => vm.id).sort()).toEqual([vmId, second].sort());
    const twice = await runJob(sim, 'assignToLoadBalancerRule', {
      id: String(lb.id),
      virtualmachineids: vmId,
    });
    expect(twice.jobstatus).toBe(2);
    expect(String(twice.jobresult?.errortext)).toMatch(
      /^VM \d+ with 10\.1\.\d+\.\d+ is already mapped to load balancer\.$/,
    );
    const conflict = await call(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: vmId,
      protocol: 'tcp',
      publicport: '80',
      privateport: '80',
      openfirewall: 'false',
    });
    expect(String(inner(conflict, 'createPortForwardingRule').errortext)).toContain('-LoadBalancing-Active]');
    await runJob(sim, 'removeFromLoadBalancerRule', { id: String(lb.id), virtualmachineids: second });
    const left = (await ok(sim, 'listLoadBalancerRules', { virtualmachineid: vmId })) as {
      loadbalancerrule: Json[];
    };
    expect(left.loadbalancerrule.map((r) => r.id)).toEqual([lb.id]);
    expect((await ok(sim, 'listLoadBalancerRules', { virtualmachineid: second })) as Json).toEqual({});
    expect((await runJob(sim, 'deleteLoadBalancerRule', { id: String(lb.id) })).jobresult).toEqual({
      success: true,
    });
    expect(await ok(sim, 'listFirewallRules', { ipaddressid: String(ip.id) })).toEqual({});
  });

  it('refuses to delete a network with VMs, and releases its addresses when it goes', async () => {
    const refused = await runJob(sim, 'deleteNetwork', { id: networkId });
    expect(refused.jobstatus).toBe(2);
    expect(String(refused.jobresult?.errortext)).toMatch(
      /^Can't delete the network, not all user vms are expunged/,
    );
    const created = (await ok(sim, 'createNetwork', {
      name: 'short-lived',
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: await offering('DefaultIsolatedNetworkOfferingWithSourceNatService'),
    })) as { network: Json };
    const id = String(created.network.id);
    const ip = await associate(id);
    expect(ip.issourcenat).toBe(true); // the network's first address is its source NAT address
    expect((await runJob(sim, 'deleteNetwork', { id })).jobstatus).toBe(1);
    expect(await ok(sim, 'listPublicIpAddresses', { id: String(ip.id) })).toEqual({});
  });

  it("an expunged VM's port forwarding rules, static NAT and load balancer membership go with it", async () => {
    const doomed = String((await deployVm(sim, { name: 'net-doomed' })).id);
    const ip = await associate();
    const other = await associate();
    const pf = await runJob(sim, 'createPortForwardingRule', {
      ipaddressid: String(ip.id),
      virtualmachineid: doomed,
      protocol: 'tcp',
      publicport: '2222',
      privateport: '22',
    });
    expect(pf.jobstatus).toBe(1);
    await ok(sim, 'enableStaticNat', { ipaddressid: String(other.id), virtualmachineid: doomed });
    const third = await associate();
    const lb = (
      await runJob(sim, 'createLoadBalancerRule', {
        publicipid: String(third.id),
        name: 'doomed-lb',
        algorithm: 'leastconn',
        publicport: '443',
        privateport: '443',
      })
    ).jobresult?.loadbalancer as Json;
    await runJob(sim, 'assignToLoadBalancerRule', { id: String(lb.id), virtualmachineids: doomed });
    expect((await runJob(sim, 'destroyVirtualMachine', { id: doomed, expunge: 'true' })).jobstatus).toBe(1);
    expect(await ok(sim, 'listPortForwardingRules', { ipaddressid: String(ip.id) })).toEqual({});
    expect(await ok(sim, 'listFirewallRules', { ipaddressid: String(ip.id) })).toEqual({});
    const natted = (await ok(sim, 'listPublicIpAddresses', { id: String(other.id) })) as {
      publicipaddress: Json[];
    };
    expect(natted.publicipaddress[0]?.isstaticnat).toBe(false);
    expect(await ok(sim, 'listLoadBalancerRuleInstances', { id: String(lb.id) })).toEqual({});
  });

  it('updates and restarts a network', async () => {
    const updated = await runJob(sim, 'updateNetwork', { id: networkId, displaytext: 'renamed' });
    expect(updated.jobresult?.network).toMatchObject({ id: networkId, displaytext: 'renamed' });
    expect((await runJob(sim, 'restartNetwork', { id: networkId, cleanup: 'true' })).jobresult).toEqual({
      success: true,
    });
  });
});

describe('networking: security groups in the Basic zone', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('every account has a default group; a VM deployed in the Basic zone goes into it', async () => {
    const vm = await deployVm(sim, { zoneid: sim.seeded.basicZoneId, name: 'basic-1' });
    expect(vm.securitygroup).toEqual([expect.objectContaining({ name: 'default' })]);
    const groups = (await ok(sim, 'listSecurityGroups', { virtualmachineid: String(vm.id) })) as {
      securitygroup: Json[];
    };
    expect(groups.securitygroup).toEqual([
      expect.objectContaining({ name: 'default', virtualmachinecount: 1, virtualmachineids: [vm.id] }),
    ]);
    const refused = await call(sim, 'deleteSecurityGroup', { name: 'default' });
    expect(inner(refused, 'deleteSecurityGroup')).toMatchObject({
      errorcode: 431,
      errortext: 'The network default group cannot be deleted',
    });
  });

  it('creates a group, opens port 22 from a CIDR, refuses a group in use, revokes and deletes', async () => {
    const created = (await ok(sim, 'createSecurityGroup', { name: 'web', description: 'web servers' })) as {
      securitygroup: Json;
    };
    const groupId = String(created.securitygroup.id);
    const duplicate = await call(sim, 'createSecurityGroup', { name: 'web' });
    expect(inner(duplicate, 'createSecurityGroup').errortext).toBe(
      'Unable to create security group, a group with name web already exists.',
    );
    const noPorts = await call(sim, 'authorizeSecurityGroupIngress', {
      securitygroupid: groupId,
      protocol: 'tcp',
      cidrlist: '0.0.0.0/0',
    });
    expect(inner(noPorts, 'authorizeSecurityGroupIngress').errortext).toBe(
      'Invalid port range specified, startPort = null, endPort = null',
    );
    const job = await runJob(sim, 'authorizeSecurityGroupIngress', {
      securitygroupid: groupId,
      protocol: 'tcp',
      startport: '22',
      endport: '22',
      cidrlist: '0.0.0.0/0',
    });
    const group = job.jobresult?.securitygroup as Json;
    const rule = (group.ingressrule as Json[])[0] as Json;
    expect(rule).toMatchObject({ protocol: 'tcp', startport: 22, endport: 22, cidr: '0.0.0.0/0' });
    // Authorizing the same rule again adds nothing, and CloudStack fails the job.
    const again = await runJob(sim, 'authorizeSecurityGroupIngress', {
      securitygroupid: groupId,
      protocol: 'tcp',
      startport: '22',
      endport: '22',
      cidrlist: '0.0.0.0/0',
    });
    expect(again.jobresult).toEqual({
      errorcode: 530,
      errortext: 'Failed to authorize security group ingress rule(s)',
    });
    const egress = await runJob(sim, 'authorizeSecurityGroupEgress', {
      securitygroupname: 'web',
      protocol: 'icmp',
      icmptype: '-1',
      icmpcode: '-1',
      cidrlist: '10.0.0.0/8',
    });
    const egressGroup = (egress.jobresult?.securitygroup ?? {}) as Json;
    expect((egressGroup.egressrule as Json[])[0]).toMatchObject({
      protocol: 'icmp',
      icmptype: -1,
    });

    const vm = await deployVm(sim, {
      zoneid: sim.seeded.basicZoneId,
      securitygroupids: groupId,
      name: 'basic-web',
    });
    expect(vm.securitygroup).toEqual([expect.objectContaining({ id: groupId, name: 'web' })]);
    const inUse = await call(sim, 'deleteSecurityGroup', { id: groupId });
    expect(inUse.status).toBe(536);
    expect(inner(inUse, 'deleteSecurityGroup').errortext).toBe(
      "Cannot delete group when it's in use by virtual machines",
    );
    const advanced = await call(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      securitygroupids: groupId,
    });
    expect(inner(advanced, 'deployVirtualMachine').errortext).toBe(
      "Can't create vm with security groups; security group feature is not enabled per zone",
    );

    expect((await runJob(sim, 'revokeSecurityGroupIngress', { id: String(rule.ruleid) })).jobresult).toEqual({
      success: true,
    });
    await runJob(sim, 'destroyVirtualMachine', { id: String(vm.id), expunge: 'true' });
    expect(await ok(sim, 'deleteSecurityGroup', { id: groupId })).toEqual({ success: true });
  });
});

describe('networking: NICs on VMs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('adds a NIC in a second network, makes it the default, and removes the old one', async () => {
    const vm = await deployVm(sim, { name: 'two-legs' });
    const vmId = String(vm.id);
    const first = (vm.nic as Json[])[0] as Json;
    const offering = (await ok(sim, 'listNetworkOfferings', { guestiptype: 'Isolated' })) as {
      networkoffering: Json[];
    };
    const second = (await ok(sim, 'createNetwork', {
      name: 'backend',
      zoneid: sim.seeded.advancedZoneId,
      networkofferingid: String(offering.networkoffering[0]?.id),
    })) as { network: Json };
    const added = await runJob(sim, 'addNicToVirtualMachine', {
      virtualmachineid: vmId,
      networkid: String(second.network.id),
    });
    const nics = ((added.jobresult?.virtualmachine ?? {}) as Json).nic as Json[];
    expect(nics.map((n) => [n.networkid, n.isdefault])).toEqual([
      [first.networkid, true],
      [second.network.id, false],
    ]);
    const twice = await runJob(sim, 'addNicToVirtualMachine', {
      virtualmachineid: vmId,
      networkid: String(second.network.id),
    });
    expect(twice.jobresult).toEqual({
      errorcode: 530,
      errortext: expect.stringMatching(/^A NIC already exists for VM:i-\d+-\d+-VM in network: /),
    });
    const newNic = nics[1] as Json;
    const defaultRemoval = await runJob(sim, 'removeNicFromVirtualMachine', {
      virtualmachineid: vmId,
      nicid: String(first.id),
    });
    expect(defaultRemoval.jobstatus).toBe(2);
    expect(String(defaultRemoval.jobresult?.errortext)).toMatch(/, nic is default\.$/);
    await runJob(sim, 'updateDefaultNicForVirtualMachine', {
      virtualmachineid: vmId,
      nicid: String(newNic.id),
    });
    const removed = await runJob(sim, 'removeNicFromVirtualMachine', {
      virtualmachineid: vmId,
      nicid: String(first.id),
    });
    expect((((removed.jobresult?.virtualmachine ?? {}) as Json).nic as Json[]).map((n) => n.id)).toEqual([
      newNic.id,
    ]);
    const listed = (await ok(sim, 'listNics', { virtualmachineid: vmId })) as { nic: Json[] };
    expect(listed.nic).toEqual([expect.objectContaining({ id: newNic.id, isdefault: true })]);
  });

  it('refuses a second NIC in the Basic zone', async () => {
    const vm = await deployVm(sim, { zoneid: sim.seeded.basicZoneId, name: 'basic-nic' });
    const advanced = (await ok(sim, 'listNetworks', { zoneid: sim.seeded.advancedZoneId })) as {
      network: Json[];
    };
    const job = await runJob(sim, 'addNicToVirtualMachine', {
      virtualmachineid: String(vm.id),
      networkid: String(advanced.network[0]?.id),
    });
    expect(job.jobresult).toEqual({
      errorcode: 530,
      errortext: expect.stringMatching(
        /^Zone \d+, has a NetworkType of Basic\. Can't add a new NIC to a VM on a Basic Network$/,
      ),
    });
  });
});

describe('networking: VPCs', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 5 });
  });
  afterAll(() => sim.close());

  it('creates a VPC from the default offering, lists, restarts and deletes it', async () => {
    const offerings = (await ok(sim, 'listVPCOfferings', {})) as { vpcoffering: Json[] };
    expect(offerings.vpcoffering.map((o) => o.name)).toEqual(['Default VPC offering']);
    const params = {
      name: 'shop',
      displaytext: 'the shop',
      cidr: '10.10.0.0/16',
      vpcofferingid: String(offerings.vpcoffering[0]?.id),
      zoneid: sim.seeded.advancedZoneId,
    };
    const badCidr = await call(sim, 'createVPC', { ...params, cidr: '10.10.0.0/33' });
    expect(inner(badCidr, 'createVPC')).toMatchObject({
      errorcode: 431,
      errortext: 'Invalid CIDR specified 10.10.0.0/33',
    });
    const started = await ok(sim, 'createVPC', params);
    expect(Object.keys(started).sort()).toEqual(['id', 'jobid']);
    const job = await waitForJob(sim, String(started.jobid));
    expect(job.jobresult?.vpc).toMatchObject({ id: started.id, state: 'Enabled', cidr: '10.10.0.0/16' });
    const listed = (await ok(sim, 'listVPCs', { id: String(started.id) })) as { vpc: Json[] };
    expect(listed.vpc[0]).toMatchObject({ name: 'shop', networkdomain: 'cs2cloud.internal' });
    expect((await runJob(sim, 'restartVPC', { id: String(started.id) })).jobresult).toEqual({
      success: true,
    });
    expect((await runJob(sim, 'deleteVPC', { id: String(started.id) })).jobresult).toEqual({ success: true });
    expect(await ok(sim, 'listVPCs', {})).toEqual({});
  });
});
