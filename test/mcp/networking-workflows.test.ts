// Issue 14, networking workflows an operator asks an agent for, played through the SDK's real Client against
// the embedded simulator (in process, its catalog as `serve --simulator` loads it): find the APIs by the
// words people use, read their parameters, run them.
import { describe, expect, it } from 'vitest';
import { call, itemsOf, type ToolAnswer } from './harness.js';
import { simulatorWorld } from './simulator-world.js';

type Json = Record<string, unknown>;

describe('networking workflows against the embedded simulator', () => {
  const world = simulatorWorld({ seed: 14, jobDurationMs: 5 });

  async function searchNames(query: string): Promise<string[]> {
    const answer = await call(world.server.client, 'searchApis', { query });
    expect(answer.isError, answer.text).toBe(false);
    return (answer.structured.apis as Array<{ name: string }>).map((api) => api.name);
  }

  /** A detailed call: the answer's `result` (a job's object, or a list's items). */
  async function run(api: string, params: Json): Promise<ToolAnswer> {
    const answer = await call(world.server.client, 'callApi', { api, params, format: 'detailed' });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured.status, answer.text).toBe('done');
    return answer;
  }

  async function deploy(name: string): Promise<string> {
    const answer = await call(world.server.client, 'deployVM', {
      zone: 'advanced',
      template: 'centos',
      serviceOffering: 'small',
      name,
    });
    expect(answer.isError, answer.text).toBe(false);
    return String((answer.structured.vm as Json).id);
  }

  it('gives a VM a public IP and opens port 22 to it', async () => {
    // Finding the APIs by the words people use, and reading what they take.
    expect(await searchNames('public ip')).toEqual(
      expect.arrayContaining(['associateIpAddress', 'listPublicIpAddresses']),
    );
    expect(await searchNames('firewall rule')).toEqual(
      expect.arrayContaining(['createFirewallRule', 'listFirewallRules']),
    );
    const described = await call(world.server.client, 'describeApi', { api: 'createPortForwardingRule' });
    const required = (described.structured.params as Array<{ name: string; required: boolean }>)
      .filter((p) => p.required)
      .map((p) => p.name)
      .sort();
    expect(required).toEqual(['ipaddressid', 'privateport', 'protocol', 'publicport', 'virtualmachineid']);

    const vmId = await deploy('ssh-box');
    const ip = (await run('associateIpAddress', { zoneid: world.simulator.seeded.advancedZoneId })).structured
      .result as Json;
    expect(ip).toMatchObject({ state: 'Allocated', issourcenat: false });
    const rule = (
      await run('createPortForwardingRule', {
        ipaddressid: ip.id,
        virtualmachineid: vmId,
        protocol: 'tcp',
        publicport: 22,
        privateport: 22,
      })
    ).structured.result as Json;
    expect(rule).toMatchObject({
      publicport: '22',
      privateport: '22',
      virtualmachineid: vmId,
      ipaddress: ip.ipaddress,
    });
    // The port is open: port forwarding opened the firewall for it, from anywhere.
    const firewall = itemsOf((await run('listFirewallRules', { ipaddressid: ip.id })).structured);
    expect(firewall).toEqual([
      expect.objectContaining({ protocol: 'tcp', startport: 22, endport: 22, cidrlist: '0.0.0.0/0' }),
    ]);
    // Asked twice, CloudStack's refusal reaches the agent with its code and text.
    const again = await call(world.server.client, 'callApi', {
      api: 'createPortForwardingRule',
      params: {
        ipaddressid: ip.id,
        virtualmachineid: vmId,
        protocol: 'tcp',
        publicport: 22,
        privateport: 22,
      },
    });
    expect(again.isError).toBe(true);
    expect(again.text).toContain('conflicts with rule');
    expect(again.text).toContain('537');
  });

  it('puts two VMs behind a load balancer', async () => {
    expect(await searchNames('load balancer')).toEqual(
      expect.arrayContaining(['createLoadBalancerRule', 'assignToLoadBalancerRule']),
    );
    const web1 = await deploy('lb-web-1');
    const web2 = await deploy('lb-web-2');
    const ip = (await run('associateIpAddress', { zoneid: world.simulator.seeded.advancedZoneId })).structured
      .result as Json;
    const lb = (
      await run('createLoadBalancerRule', {
        publicipid: ip.id,
        name: 'web',
        algorithm: 'roundrobin',
        publicport: 80,
        privateport: 8080,
      })
    ).structured.result as Json;
    expect(lb).toMatchObject({ name: 'web', publicip: ip.ipaddress, publicport: '80', privateport: '8080' });
    const assigned = await run('assignToLoadBalancerRule', {
      id: lb.id,
      virtualmachineids: `${web1},${web2}`,
    });
    expect(assigned.structured.result).toMatchObject({ success: true });
    const members = itemsOf((await run('listLoadBalancerRuleInstances', { id: lb.id })).structured);
    expect(members.map((vm) => vm.name).sort()).toEqual(['lb-web-1', 'lb-web-2']);
  });
});
