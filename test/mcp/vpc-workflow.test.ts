// Issue 14's VPC workflow an operator asks an agent for, played through the SDK's real Client against the
// embedded simulator: "put a web tier and a db tier in a VPC, allow port 443 in the web tier's ACL, and give a
// web VM a public IP".
import { describe, expect, it } from 'vitest';
import { call, itemsOf, type ToolAnswer } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

type Json = Record<string, unknown>;

describe('VPC workflow against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 5 });

  async function run(api: string, params: Json): Promise<ToolAnswer> {
    const answer = await call(world.server.client, 'callApi', { api, params, format: 'detailed' });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured.status, answer.text).toBe('done');
    return answer;
  }

  async function searchNames(query: string): Promise<string[]> {
    const answer = await call(world.server.client, 'searchApis', { query });
    expect(answer.isError, answer.text).toBe(false);
    return (answer.structured.apis as Array<{ name: string }>).map((api) => api.name);
  }

  it('puts a web tier and a db tier in a VPC, allows 443 in the web tier ACL, and gives a web VM a public IP', async () => {
    expect(await searchNames('network acl')).toEqual(
      expect.arrayContaining(['createNetworkACL', 'createNetworkACLList']),
    );
    const offering = itemsOf((await run('listVPCOfferings', {})).structured)[0] as Json;
    const vpc = (
      await run('createVPC', {
        name: 'shop',
        displaytext: 'shop',
        cidr: '10.20.0.0/16',
        vpcofferingid: offering.id,
        zoneid: world.simulator.seeded.advancedZoneId,
      })
    ).structured.result as Json;
    const tierOffering = itemsOf((await run('listNetworkOfferings', { forvpc: true })).structured)[0] as Json;
    const tier = async (name: string, gateway: string) =>
      (
        (
          await run('createNetwork', {
            name,
            zoneid: world.simulator.seeded.advancedZoneId,
            networkofferingid: tierOffering.id,
            vpcid: vpc.id,
            gateway,
            netmask: '255.255.255.0',
          })
        ).structured.result as { network: Json }
      ).network;
    const web = await tier('web', '10.20.1.1');
    const db = await tier('db', '10.20.2.1');
    expect([web.cidr, db.cidr]).toEqual(['10.20.1.0/24', '10.20.2.0/24']);

    // The web tier gets its own list, allowing HTTPS from anywhere.
    const acl = (await run('createNetworkACLList', { name: 'web-acl', vpcid: vpc.id })).structured
      .result as Json;
    const rule = (
      await run('createNetworkACL', {
        aclid: acl.id,
        protocol: 'tcp',
        startport: 443,
        endport: 443,
        cidrlist: '0.0.0.0/0',
        traffictype: 'Ingress',
        action: 'Allow',
      })
    ).structured.result as Json;
    expect(rule).toMatchObject({ startport: '443', endport: '443', action: 'Allow', state: 'Active' });
    await run('replaceNetworkACLList', { aclid: acl.id, networkid: web.id });
    const webRules = itemsOf((await run('listNetworkACLs', { networkid: web.id })).structured);
    expect(webRules).toEqual([
      expect.objectContaining({ protocol: 'tcp', startport: '443', aclname: 'web-acl' }),
    ]);

    // A web VM in the web tier, and a public IP of the VPC NATed to it.
    const deployed = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name: 'web-1',
      networks: [String(web.id)],
    });
    expect(deployed.isError, deployed.text).toBe(false);
    const vmId = String((deployed.structured.vm as Json).id);
    const ip = (await run('associateIpAddress', { vpcid: vpc.id })).structured.result as Json;
    expect(ip).toMatchObject({ vpcid: vpc.id, issourcenat: false });
    await run('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vmId, networkid: web.id });
    const listed = itemsOf(
      (await run('listPublicIpAddresses', { vpcid: vpc.id, isstaticnat: true })).structured,
    );
    expect(listed).toEqual([
      expect.objectContaining({
        ipaddress: ip.ipaddress,
        virtualmachinename: 'web-1',
        associatednetworkname: 'web',
      }),
    ]);

    // The VPC cannot go while its tiers are there; CloudStack's text reaches the agent.
    // (a delete asks for confirmation first; confirmed, the job fails with deleteVpc's refusal)
    const asked = await call(world.server.client, 'callApi', { api: 'deleteVPC', params: { id: vpc.id } });
    expect(asked.structured.status).toBe('confirmation_required');
    const confirm = (asked.structured.confirmation as { confirmToken: string }).confirmToken;
    const refused = await call(world.server.client, 'callApi', {
      api: 'deleteVPC',
      params: { id: vpc.id },
      confirm,
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('as its used by 2 networks');
  });
});
