// Prompts and their completion from the cloud, through the SDK's real Client against the server in process,
// whose CloudStack is the embedded simulator (as `serve --simulator` wires it).
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { ok } from '../simulator/helpers.js';

type Args = Record<string, string>;

/** Arguments every prompt accepts, its required ones filled. */
const sampleArgs: Record<string, Args> = {
  'deploy-vm': {
    zone: 'Sim-Advanced',
    template: 'Ubuntu 22.04 LTS (Simulator)',
    serviceOffering: 'Small Instance',
    network: 'admin-network',
    name: 'web-1',
  },
  'expose-vm-port': { vm: 'web-1', publicPort: '443', privatePort: '8443', protocol: 'tcp' },
  'find-capacity-hogs': { zone: 'Sim-Advanced', top: '5' },
  'tidy-up': { zone: 'Sim-Basic', olderThanDays: '14' },
  'explain-job-failure': { job: '5f0c7a0e-0000-4000-8000-000000000001' },
};

/** The JSON-RPC error a request was refused with. */
async function refusal(request: Promise<unknown>): Promise<McpError> {
  const error = await request.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe('prompts with completion from the simulator', () => {
  let simulator: RunningSimulator;
  let server: InProcess;

  const complete = (prompt: string, argument: string, value: string, context?: Args) =>
    server.client
      .complete({
        ref: { type: 'ref/prompt', name: prompt },
        argument: { name: argument, value },
        ...(context ? { context: { arguments: context } } : {}),
      })
      .then((answer) => answer.completion);

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 16, jobDurationMs: 5 });
    const { apiKey, secretKey } = simulator.admin;
    server = await startInProcess({ url: simulator.url, apiKey, secretKey });
  });

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  it('declares prompts and completions, and lists the five prompts with their arguments', async () => {
    const capabilities = server.client.getServerCapabilities();
    expect(capabilities?.prompts).toBeDefined();
    expect(capabilities?.completions).toBeDefined();
    const { prompts } = await server.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(Object.keys(sampleArgs));
    const deploy = prompts.find((prompt) => prompt.name === 'deploy-vm');
    expect(deploy?.arguments).toEqual([
      expect.objectContaining({ name: 'zone', required: true }),
      expect.objectContaining({ name: 'template', required: true }),
      expect.objectContaining({ name: 'serviceOffering', required: true }),
      expect.objectContaining({ name: 'network', required: false }),
      expect.objectContaining({ name: 'name', required: false }),
    ]);
    for (const prompt of prompts) {
      expect(prompt.title, prompt.name).toBeTruthy();
      expect(prompt.description, prompt.name).toBeTruthy();
      expect(prompt.arguments?.length, prompt.name).toBeGreaterThan(0);
    }
  });

  it('writes each prompt as instructions naming only our tools and APIs the simulator has', async () => {
    const { tools } = await server.client.listTools();
    const toolNames = new Set(tools.map((tool) => tool.name));
    const listed = (await ok(simulator, 'listApis')) as { api: Array<{ name: string }> };
    const apiNames = new Set(listed.api.map((api) => api.name));
    for (const [name, args] of Object.entries(sampleArgs)) {
      const answer = await server.client.getPrompt({ name, arguments: args });
      expect(answer.messages).toHaveLength(1);
      const message = answer.messages[0];
      expect(message?.role).toBe('user');
      const text = message?.content.type === 'text' ? message.content.text : '';
      // What the user gave is in the instructions.
      for (const value of Object.values(args)) expect(text, `${name}: ${value}`).toContain(value);
      // Every `camelCase` name in backticks is one of our tools or an API of the simulator's catalog.
      const named = [...text.matchAll(/`([a-z]+[A-Z][A-Za-z]*)`/g)].map((match) => match[1] ?? '');
      expect(named.length, name).toBeGreaterThan(1);
      const unknown = named.filter((api) => !toolNames.has(api) && !apiNames.has(api));
      expect(unknown, name).toEqual([]);
    }
  });

  it('names parameters the APIs it names have', async () => {
    // The parameters the prompts tell a model to pass, by API: each is in some prompt's text and in the
    // simulator's listApis for that API.
    const named: Record<string, string[]> = {
      listPublicIpAddresses: ['associatednetworkid', 'vpcid', 'allocatedonly'],
      associateIpAddress: ['networkid', 'vpcid'],
      createFirewallRule: ['ipaddressid', 'protocol', 'startport', 'endport', 'cidrlist'],
      createPortForwardingRule: [
        'ipaddressid',
        'virtualmachineid',
        'publicport',
        'privateport',
        'openfirewall',
      ],
      listPortForwardingRules: ['ipaddressid'],
      listLoadBalancerRules: ['publicipid'],
      listCapacity: ['zoneid', 'sortby'],
      listEvents: ['resourceid', 'resourcetype', 'startdate', 'keyword'],
    };
    const texts: string[] = [];
    for (const [name, args] of Object.entries(sampleArgs)) {
      const message = (await server.client.getPrompt({ name, arguments: args })).messages[0];
      texts.push(message?.content.type === 'text' ? message.content.text : '');
    }
    const all = texts.join('\n');
    const listed = (await ok(simulator, 'listApis')) as {
      api: Array<{ name: string; params: Array<{ name: string }> }>;
    };
    for (const [api, params] of Object.entries(named)) {
      expect(all, api).toContain(`\`${api}\``);
      const known = new Set(
        listed.api.find((entry) => entry.name === api)?.params.map((param) => param.name),
      );
      for (const param of params) {
        expect(all, `${api} ${param}`).toContain(param);
        expect(known.has(param), `${api} has ${param}`).toBe(true);
      }
    }
  });

  it('completes zones by prefix, ignoring case', async () => {
    expect((await complete('deploy-vm', 'zone', 'sim-b')).values).toEqual(['Sim-Basic']);
    const all = await complete('deploy-vm', 'zone', '');
    expect(all.values).toEqual(['Sim-Advanced', 'Sim-Basic']);
    expect(all).toMatchObject({ total: 2, hasMore: false });
    expect((await complete('deploy-vm', 'zone', 'Basic')).values).toEqual([]);
  });

  it('completes templates, service offerings and VMs from what is typed', async () => {
    const templates = await complete('deploy-vm', 'template', 'UBUNTU');
    expect(templates.values).toEqual(['Ubuntu 22.04 LTS (Simulator)']);
    const offerings = await complete('deploy-vm', 'serviceOffering', 'small');
    expect(offerings.values).toContain('Small Instance');
    for (const value of offerings.values) expect(value.toLowerCase().startsWith('small')).toBe(true);
    await ok(simulator, 'deployVirtualMachine', {
      zoneid: simulator.seeded.advancedZoneId,
      templateid: simulator.seeded.templateId,
      serviceofferingid: simulator.seeded.serviceOfferingId,
      networkids: simulator.seeded.networkId,
      name: 'prompt-web-1',
    });
    const vms = await complete('expose-vm-port', 'vm', 'prompt-');
    expect(vms.values).toEqual(['prompt-web-1']);
  });

  it('narrows by the arguments already given: templates and networks of the chosen zone', async () => {
    await ok(simulator, 'registerTemplate', {
      name: 'Ubuntu basic-zone build',
      displaytext: 'only in the basic zone',
      url: 'http://images.example.com/ubuntu-basic.vhd',
      format: 'VHD',
      hypervisor: 'Simulator',
      ostypeid: String(
        ((await ok(simulator, 'listOsTypes')) as { ostype: Array<{ id: string }> }).ostype[0]?.id,
      ),
      zoneid: simulator.seeded.basicZoneId,
    });
    // Ready once its simulated download ends (4 job durations); only ready templates can deploy.
    for (let i = 0; i < 200; i++) {
      const ready = (await ok(simulator, 'listTemplates', {
        templatefilter: 'self',
        keyword: 'basic-zone',
        isready: 'true',
      })) as { template?: unknown[] };
      if (ready.template?.length) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const basic = await complete('deploy-vm', 'template', 'ubuntu', { zone: 'sim-basic' });
    expect(basic.values).toEqual(['Ubuntu 22.04 LTS (Simulator)', 'Ubuntu basic-zone build']);
    const advanced = await complete('deploy-vm', 'template', 'ubuntu', { zone: 'Sim-Advanced' });
    expect(advanced.values).toEqual(['Ubuntu 22.04 LTS (Simulator)']);
    const byId = await complete('deploy-vm', 'template', 'ubuntu', { zone: simulator.seeded.advancedZoneId });
    expect(byId.values).toEqual(['Ubuntu 22.04 LTS (Simulator)']);

    const advancedNetworks = await complete('deploy-vm', 'network', '', { zone: 'Sim-Advanced' });
    expect(advancedNetworks.values).toContain('admin-network');
    expect(advancedNetworks.values).not.toContain('guestNetworkForBasicZone');
    const basicNetworks = await complete('deploy-vm', 'network', '', { zone: 'Sim-Basic' });
    expect(basicNetworks.values).toContain('guestNetworkForBasicZone');
    expect(basicNetworks.values).not.toContain('admin-network');
  });

  it('completes a job id from its first characters, failed jobs first', async () => {
    const deploy = () =>
      ok(simulator, 'deployVirtualMachine', {
        zoneid: simulator.seeded.advancedZoneId,
        templateid: simulator.seeded.templateId,
        serviceofferingid: simulator.seeded.serviceOfferingId,
        networkids: simulator.seeded.networkId,
      }) as Promise<{ jobid: string }>;
    const succeeded = await deploy();
    simulator.setFaults({ jobFailureRate: 1 });
    const failed = await deploy();
    simulator.setFaults({ jobFailureRate: 0 });
    const status = async (jobid: string) =>
      ((await ok(simulator, 'queryAsyncJobResult', { jobid })) as { jobstatus: number }).jobstatus;
    // Both ended (jobs run 5 ms here): one done, one failed.
    for (
      let i = 0;
      i < 200 && ((await status(succeeded.jobid)) === 0 || (await status(failed.jobid)) === 0);
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect([await status(succeeded.jobid), await status(failed.jobid)]).toEqual([1, 2]);

    const prefix = failed.jobid.slice(0, 8);
    const jobs = await complete('explain-job-failure', 'job', prefix.toUpperCase());
    expect(jobs.values).toContain(failed.jobid);
    for (const value of jobs.values) expect(value.startsWith(prefix)).toBe(true);
    const all = await complete('explain-job-failure', 'job', '');
    expect(all.values[0]).toBe(failed.jobid);
    expect(all.values).toContain(succeeded.jobid);
  });

  it('gives nothing for an argument that names no cloud object', async () => {
    expect(await complete('expose-vm-port', 'publicPort', '44')).toEqual({
      values: [],
      total: 0,
      hasMore: false,
    });
  });

  it('refuses an unknown prompt with -32602, naming the nearest', async () => {
    const error = await refusal(server.client.getPrompt({ name: 'deploy-vn', arguments: {} }));
    expect(error.code).toBe(-32602);
    // The client adds "MCP error -32602: " once; the server's message is the sentence alone.
    expect(error.message).toMatch(/^MCP error -32602: Unknown prompt "deploy-vn"/);
    expect(error.message).toContain('deploy-vm');
    const completion = await refusal(complete('no-such-prompt', 'zone', ''));
    expect(completion.code).toBe(-32602);
    expect(completion.message).toContain('Unknown prompt "no-such-prompt"');
  });

  it('refuses a missing required argument with -32602, naming it', async () => {
    const error = await refusal(
      server.client.getPrompt({ name: 'deploy-vm', arguments: { zone: 'Sim-Advanced', template: '  ' } }),
    );
    expect(error.code).toBe(-32602);
    expect(error.message).toContain('missing required argument template, serviceOffering');
    const unknown = await refusal(
      server.client.getPrompt({ name: 'explain-job-failure', arguments: { job: 'x', jobid: 'x' } }),
    );
    expect(unknown.code).toBe(-32602);
    expect(unknown.message).toContain('unknown argument jobid');
    const argument = await refusal(complete('deploy-vm', 'size', 's'));
    expect(argument.code).toBe(-32602);
  });
});

describe('completion within the policy', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 16 });
  });

  afterAll(async () => {
    await simulator?.close();
  });

  const connect = (server: Parameters<typeof startInProcess>[1]) => {
    const { apiKey, secretKey } = simulator.admin;
    return startInProcess({ url: simulator.url, apiKey, secretKey }, server);
  };

  it('offers nothing from a denied API, and still completes from the allowed ones', async () => {
    const server = await connect({ server: { deny: ['listTemplates'] } });
    try {
      const complete = (argument: string, value: string) =>
        server.client.complete({
          ref: { type: 'ref/prompt', name: 'deploy-vm' },
          argument: { name: argument, value },
        });
      expect((await complete('template', '')).completion).toEqual({ values: [], total: 0, hasMore: false });
      expect((await complete('zone', '')).completion.values).toEqual(['Sim-Advanced', 'Sim-Basic']);
    } finally {
      await server.close();
    }
  });

  it("leaves out a value that holds one of the server's secrets", async () => {
    const { apiKey, secretKey } = simulator.admin;
    const server = await connect({ server: { secrets: [apiKey, secretKey, 'Sim-Basic'] } });
    try {
      const zones = await server.client.complete({
        ref: { type: 'ref/prompt', name: 'deploy-vm' },
        argument: { name: 'zone', value: '' },
      });
      expect(zones.completion).toEqual({ values: ['Sim-Advanced'], total: 1, hasMore: false });
    } finally {
      await server.close();
    }
  });

  it('completes in read-only mode (lists are reads) and offers only the prompts it can follow', async () => {
    const server = await connect({ server: { readOnly: true } });
    try {
      const { prompts } = await server.client.listPrompts();
      const names = prompts.map((prompt) => prompt.name);
      expect(names).not.toContain('deploy-vm');
      expect(names).not.toContain('expose-vm-port');
      expect(names).toContain('explain-job-failure');
      const zones = await server.client.complete({
        ref: { type: 'ref/prompt', name: 'find-capacity-hogs' },
        argument: { name: 'zone', value: 'sim-a' },
      });
      expect(zones.completion.values).toEqual(['Sim-Advanced']);
    } finally {
      await server.close();
    }
  });

  it('answers an empty completion, not an error, while CloudStack is unreachable', async () => {
    const down = await startSimulator({ port: 0, seed: 16 });
    const server = await startInProcess(
      { url: down.url, apiKey: down.admin.apiKey, secretKey: down.admin.secretKey },
      { clientOptions: { retry: { maxAttempts: 1 } } },
    );
    try {
      const ref = { type: 'ref/prompt' as const, name: 'deploy-vm' };
      const before = await server.client.complete({ ref, argument: { name: 'zone', value: '' } });
      expect(before.completion.values).toEqual(['Sim-Advanced', 'Sim-Basic']);
      await down.close();
      const after = await server.client.complete({ ref, argument: { name: 'zone', value: '' } });
      expect(after.completion).toEqual({ values: [], total: 0, hasMore: false });
      // The session goes on: prompts still answer.
      expect((await server.client.listPrompts()).prompts.length).toBe(5);
    } finally {
      await server.close();
    }
  });
});

describe('completion of a long list', () => {
  let simulator: RunningSimulator;
  let server: InProcess;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 16, seedVms: 120 });
    const { apiKey, secretKey } = simulator.admin;
    server = await startInProcess({ url: simulator.url, apiKey, secretKey });
  });

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  const vms = (value: string) =>
    server.client
      .complete({ ref: { type: 'ref/prompt', name: 'expose-vm-port' }, argument: { name: 'vm', value } })
      .then((answer) => answer.completion);

  it('says there is more, without a total, when one page cannot hold every match', async () => {
    const all = await vms('sim-vm');
    expect(all.values).toHaveLength(50);
    expect(all.hasMore).toBe(true);
    expect(all.total).toBeUndefined();
  });

  it('finds what is typed beyond the first page, with its total, since CloudStack narrows by keyword', async () => {
    const late = await vms('SIM-VM-0011');
    expect(late.values).toEqual([
      'sim-vm-00110',
      'sim-vm-00111',
      'sim-vm-00112',
      'sim-vm-00113',
      'sim-vm-00114',
      'sim-vm-00115',
      'sim-vm-00116',
      'sim-vm-00117',
      'sim-vm-00118',
      'sim-vm-00119',
    ]);
    expect(late).toMatchObject({ total: 10, hasMore: false });
  });
});
