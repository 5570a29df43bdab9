// The simulator's own catalog is the project's default API catalog (codegen reads it), so it must be
// deterministic, match CloudStack 4.18's parameter facts, and describe every field the simulator answers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedApis } from '../../src/simulator/apis/index.js';
import type { ListApisEntry, ListApisField } from '../../src/simulator/catalog/types.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { deployVm, dump418, ok, runJob } from './helpers.js';

interface DumpApi {
  name: string;
  isasync: boolean;
  since?: string;
  params: Array<{ name: string; type: string; required: boolean; length?: number; since?: string }>;
  response: ListApisField[];
}

const dump = new Map(
  (JSON.parse(readFileSync(dump418, 'utf8')).api as DumpApi[]).map((api) => [api.name, api] as const),
);
const PARAM_TYPES = new Set([
  'string',
  'uuid',
  'integer',
  'long',
  'short',
  'boolean',
  'date',
  'tzdate',
  'list',
  'map',
]);

function fieldNames(fields: ListApisField[] | undefined, prefix = ''): string[] {
  return (fields ?? []).flatMap((f) =>
    f.name ? [`${prefix}${f.name}`, ...fieldNames(f.response, `${prefix}${f.name}.`)] : [],
  );
}

describe('the simulator catalog', () => {
  let sim: RunningSimulator;
  let entries: ListApisEntry[];
  beforeAll(async () => {
    sim = await startSimulator({ jobDurationMs: 1 });
    entries = ((await ok(sim, 'listApis')) as { api: ListApisEntry[] }).api;
  });
  afterAll(() => sim.close());

  it('is the same for every run and seed', async () => {
    const other = await startSimulator({ seed: 99 });
    try {
      expect(((await ok(other, 'listApis')) as { api: ListApisEntry[] }).api).toEqual(entries);
    } finally {
      await other.close();
    }
  });

  it('has the parameters of CloudStack 4.18: names, types, required-ness, length and since', () => {
    for (const entry of entries) {
      const real = dump.get(entry.name);
      expect(real, `${entry.name} is a CloudStack 4.18 API`).toBeDefined();
      if (!real) continue;
      expect(entry.isasync, entry.name).toBe(real.isasync);
      expect(entry.since, entry.name).toBe(real.since);
      const mine = (p: { name: string; type: string; required: boolean; length?: number; since?: string }) =>
        `${p.name}:${p.type}:${p.required}:${p.length ?? 255}:${p.since ?? ''}`;
      expect(entry.params.map(mine).sort(), entry.name).toEqual(real.params.map(mine).sort());
      for (const param of entry.params) {
        expect(PARAM_TYPES.has(param.type), `${entry.name}.${param.name}`).toBe(true);
        expect(param.description.length, `${entry.name}.${param.name} has a description`).toBeGreaterThan(5);
      }
    }
  });

  it('describes responses with real CloudStack field names, nested objects included', () => {
    for (const entry of entries) {
      const real = new Set(fieldNames(dump.get(entry.name)?.response));
      expect(entry.response.length, `${entry.name} has response fields`).toBeGreaterThan(0);
      const unknown = fieldNames(entry.response).filter((name) => !real.has(name));
      expect(unknown, entry.name).toEqual([]);
      for (const related of entry.related.split(',').filter(Boolean)) {
        expect(dump.has(related), `${entry.name} related ${related}`).toBe(true);
      }
    }
  });

  it('documents every field the simulator answers', async () => {
    const vm = await deployVm(sim, { name: 'documented' });
    await runJob(sim, 'createTags', {
      resourcetype: 'UserVm',
      resourceids: String(vm.id),
      'tags[0].key': 'a',
      'tags[0].value': 'b',
    });
    await ok(sim, 'createSSHKeyPair', { name: 'documented' });
    // --- Networking family (issue 14): an address with a port forwarding rule (and its firewall rule),
    // a load balancer, an egress rule ---
    const networkid = String((vm.nic as Array<Record<string, unknown>>)[0]?.networkid);
    const ip = (await runJob(sim, 'associateIpAddress', { networkid })).jobresult?.ipaddress as {
      id: string;
    };
    const on = { ipaddressid: ip.id, virtualmachineid: String(vm.id), protocol: 'tcp' };
    await runJob(sim, 'createPortForwardingRule', { ...on, publicport: '22', privateport: '22' });
    await runJob(sim, 'createLoadBalancerRule', {
      publicipid: ip.id,
      name: 'documented',
      algorithm: 'source',
      publicport: '80',
      privateport: '80',
    });
    await runJob(sim, 'createEgressFirewallRule', { networkid, protocol: 'icmp' });
    await runJob(sim, 'authorizeSecurityGroupIngress', {
      securitygroupname: 'default',
      protocol: 'tcp',
      startport: '22',
      endport: '22',
      cidrlist: '0.0.0.0/0',
    });
    const networking: Array<[string, Record<string, string>]> = [
      ['listPublicIpAddresses', {}],
      ['listFirewallRules', {}],
      ['listEgressFirewallRules', {}],
      ['listPortForwardingRules', {}],
      ['listLoadBalancerRules', {}],
      ['listSecurityGroups', {}],
      ['listVPCOfferings', {}],
    ];
    // --- end Networking family ---
    // --- Compute family (issue 14): a VM deployed into an affinity group (its nested entries); events ---
    const group = (await runJob(sim, 'createAffinityGroup', { name: 'documented', type: 'host affinity' }))
      .jobresult?.affinitygroup as { id: string };
    await runJob(sim, 'deployVirtualMachine', {
      zoneid: sim.seeded.advancedZoneId,
      templateid: sim.seeded.templateId,
      serviceofferingid: sim.seeded.serviceOfferingId,
      affinitygroupids: group.id,
    });
    const compute: Array<[string, Record<string, string>]> = [
      ['listAffinityGroups', {}],
      ['listAffinityGroupTypes', {}],
      ['listEvents', {}],
      ['listCapacity', {}],
    ];
    // --- end Compute family ---
    const lists: Array<[string, Record<string, string>]> = [
      ...networking,
      ...compute,
      ['listVirtualMachines', {}],
      ['listZones', {}],
      ['listPods', {}],
      ['listClusters', {}],
      ['listHosts', {}],
      ['listTemplates', { templatefilter: 'all' }],
      ['listIsos', { isofilter: 'all' }],
      ['listOsTypes', {}],
      ['listServiceOfferings', {}],
      ['listDiskOfferings', {}],
      ['listNetworkOfferings', {}],
      ['listNetworks', { listall: 'true' }],
      ['listVolumes', {}],
      ['listAccounts', {}],
      ['listUsers', {}],
      ['listDomains', {}],
      ['listRoles', {}],
      ['listTags', {}],
      ['listSSHKeyPairs', {}],
      ['listAsyncJobs', {}],
    ];
    for (const [command, params] of lists) {
      const answer = await ok(sim, command, params);
      const key = Object.keys(answer).find((k) => k !== 'count') ?? '';
      const items = answer[key] as Array<Record<string, unknown>>;
      expect(items.length, `${command} lists something`).toBeGreaterThan(0);
      const documented = new Set(fieldNames(entries.find((e) => e.name === command)?.response));
      const answered = new Set<string>();
      // Nested objects documented with their own fields (nic, tags, user) are checked too; data maps are not.
      const walk = (value: unknown, prefix: string) => {
        if (Array.isArray(value)) {
          for (const item of value) walk(item, prefix);
          return;
        }
        if (!value || typeof value !== 'object') return;
        for (const [name, child] of Object.entries(value)) {
          const path = `${prefix}${name}`;
          answered.add(path);
          if ([...documented].some((f) => f.startsWith(`${path}.`))) walk(child, `${path}.`);
        }
      };
      for (const item of items) walk(item, '');
      const undocumented = [...answered].filter((name) => !documented.has(name));
      expect(undocumented, command).toEqual([]);
    }
  });
});

it('every simulated API declares who may call it and what it answers', () => {
  for (const api of simulatedApis) {
    expect(['user', 'domainadmin', 'admin']).toContain(api.access);
    if (api.spec.isAsync)
      // The dedicated-resources plugin keeps its commands in org.apache.cloudstack.api.commands.
      expect(api.cmdClass, api.spec.name).toMatch(/^org\.apache\.cloudstack\.api\.commands?\./);
  }
});
