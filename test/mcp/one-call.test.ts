// Issue 18: operator requests answered in one call, played through a real MCP client against the embedded
// simulator with 300 VMs, counting calls and the characters of the answer text (what the model reads).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { createClient } from '../../src/cloudstack/client.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf, itemsOf, type ToolAnswer } from './harness.js';

const SEEDED = 297;
/** Deployed beside the seeded Small Instances (512 MiB), so that the top 5 by memory is not a tie. */
const BIGGER = [
  { name: 'big-large-1', offering: 'Large Instance' },
  { name: 'big-large-2', offering: 'Large Instance' },
  { name: 'big-medium-1', offering: 'Medium Instance' },
];
const VMS = SEEDED + BIGGER.length;

let simulator: RunningSimulator;
let server: InProcess;
/** Tool calls made by the test in progress: every request must take exactly one. */
let calls = 0;

async function ask(name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  calls++;
  const answer = await call(server.client, name, args);
  if (!answer.isError) expect(answer.json).toEqual(answer.structured);
  return answer;
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, seed: 18, seedVms: SEEDED, jobDurationMs: 1 });
  const admin = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  try {
    const offerings = await admin.request<{ serviceoffering: { id: string; name: string }[] }>(
      'listServiceOfferings',
      {},
    );
    for (const vm of BIGGER) {
      const offering = offerings.serviceoffering.find((item) => item.name === vm.offering);
      const started = await admin.request<{ jobid: string }>('deployVirtualMachine', {
        zoneid: simulator.seeded.advancedZoneId,
        templateid: simulator.seeded.templateId,
        serviceofferingid: String(offering?.id),
        networkids: simulator.seeded.networkId,
        name: vm.name,
      });
      await admin.waitForJob(started.jobid);
    }
  } finally {
    await admin.close();
  }
  const { apiKey, secretKey } = simulator.admin;
  // Polled when the simulator's jobs are done, as serve --simulator does.
  server = await startInProcess(
    { url: simulator.url, apiKey, secretKey },
    { clientOptions: { pollSchedule: pollScheduleFor(1) } },
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await simulator?.close();
});

describe('one call, few characters (300 VMs)', () => {
  it('the 5 VMs using the most memory: 1 call, under 1,000 characters', async () => {
    calls = 0;
    const answer = await ask('listVirtualMachines', {
      query: 'reverse(sort_by(@, &memory))[:5].{name: name, memory: memory}',
    });
    expect(calls).toBe(1);
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.text.length).toBeLessThan(1000);
    expect(answer.structured).toMatchObject({ count: VMS, itemsRead: VMS });
    expect(answer.structured.truncated).toBeUndefined();
    const top = answer.structured.result as { name: string; memory: number }[];
    expect(top.map((vm) => vm.memory)).toEqual([4096, 4096, 1024, 512, 512]);
    expect(top.slice(0, 3).map((vm) => vm.name)).toEqual(
      expect.arrayContaining(['big-large-1', 'big-large-2', 'big-medium-1']),
    );
  });

  it('the running VMs and where: 1 call, under 125 characters per VM', async () => {
    calls = 0;
    const answer = await ask('listVirtualMachines', { state: 'Running', limit: 1000 });
    expect(calls).toBe(1);
    expect(answer.isError, answer.text).toBe(false);
    const running = SEEDED - Math.floor(SEEDED / 5) + BIGGER.length;
    expect(answer.structured.count).toBe(running);
    expect(answer.structured.nextCursor).toBeUndefined();
    const vms = itemsOf(answer.structured);
    expect(vms).toHaveLength(running);
    // Names, state, zone and IP: what "where" asks; the VM's own id for the next call, no other UUID.
    expect(answer.structured.columns).toEqual(
      expect.arrayContaining(['id', 'name', 'state', 'zonename', 'ipaddress']),
    );
    expect(answer.structured.columns).not.toContain('zoneid');
    expect(answer.structured.columns).not.toContain('created');
    expect(vms.every((vm) => vm.state === 'Running' && typeof vm.ipaddress === 'string')).toBe(true);
    expect(answer.text.length / running).toBeLessThan(125);
  });

  it('count and total memory of all VMs: 1 call, under 300 characters', async () => {
    calls = 0;
    const answer = await ask('listVirtualMachines', { query: '{count: length(@), memory: sum([].memory)}' });
    expect(calls).toBe(1);
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.text.length).toBeLessThan(300);
    expect(answer.structured.result).toEqual({ count: VMS, memory: SEEDED * 512 + 4096 * 2 + 1024 });
  });

  it('callApi listVirtualMachines: concise is much smaller than detailed, with the curated view', async () => {
    const args = { api: 'listVirtualMachines', limit: 30 };
    const concise = await ask('callApi', args);
    const detailed = await ask('callApi', { ...args, format: 'detailed' });
    expect(itemsOf(concise.structured)).toHaveLength(30);
    expect(itemsOf(detailed.structured)).toHaveLength(30);
    expect(concise.text.length * 5).toBeLessThan(detailed.text.length);
    const curated = await ask('listVirtualMachines', { limit: 30 });
    expect(concise.structured.columns).toEqual(curated.structured.columns);
    expect(concise.structured.rows).toEqual(curated.structured.rows);
  });

  it('callApi with query reads every page, and says when the cap stopped the reading', async () => {
    const query = 'length(@)';
    const whole = await ask('callApi', { api: 'listVirtualMachines', query });
    expect(whole.structured).toMatchObject({ result: VMS, itemsRead: VMS, count: VMS });
    const capped = await ask('callApi', { api: 'listVirtualMachines', query, limit: 120 });
    expect(capped.structured).toMatchObject({ result: 120, itemsRead: 120, count: VMS, truncated: true });
    expect(String(capped.structured.hint)).toContain(`read 120 of ${VMS} items`);

    // The list tools' limit counts items returned, which the query decides: all items are still read.
    const top = await ask('listVirtualMachines', { query: 'sort_by(@, &memory)[-1].name', limit: 5 });
    expect(top.structured).toMatchObject({ itemsRead: VMS, result: expect.stringMatching(/^big-large-/) });
  });

  it('a query error names the problem and the fields the items have', async () => {
    const bad = await ask('listVirtualMachines', { query: 'sum([].name)' });
    expect(bad.isError).toBe(true);
    expect(errorOf(bad)).toMatchObject({ kind: 'invalid_params', parameter: 'query' });
    const message = String(errorOf(bad).message);
    expect(message).toContain('sum()');
    expect(message).toMatch(/Item fields: id, name, .*memory.* more$/);
    expect(message.length).toBeLessThan(700);

    const syntax = await ask('callApi', { api: 'listVirtualMachines', query: 'sort_by(@, &' });
    expect(errorOf(syntax)).toMatchObject({ kind: 'invalid_params', parameter: 'query' });
    expect(String(errorOf(syntax).message)).toContain('Syntax error');

    // A query that finds nothing says which fields there are (the state is Running, not running).
    const none = await ask('listVirtualMachines', { query: "[?state=='running'].name" });
    expect(none.structured.result).toEqual([]);
    expect(String(none.structured.hint)).toContain('item fields: id, name');

    const both = await ask('listVirtualMachines', { query: 'length(@)', fields: ['name'] });
    expect(errorOf(both)).toMatchObject({ kind: 'invalid_params', parameter: 'fields' });
  });

  it('a query result over the answer budget is refused with how to narrow it', async () => {
    const all = await ask('callApi', { api: 'listVirtualMachines', query: '@' });
    expect(all.isError).toBe(true);
    expect(errorOf(all)).toMatchObject({ kind: 'too_large' });
    expect(String(errorOf(all).message)).toContain('[:50]');
  });

  it('a query cannot rename a secret field out of its mask', async () => {
    const users = await ask('callApi', {
      api: 'listUsers',
      query: '[].{k: apikey, s: secretkey, n: username}',
    });
    expect(users.isError, users.text).toBe(false);
    expect(users.text).not.toContain(simulator.admin.apiKey);
    expect(users.text).not.toContain(simulator.admin.secretKey);
    const rows = users.structured.result as { k?: string; n: string }[];
    expect(rows.find((row) => row.n === 'admin')?.k).toBe('[REDACTED]');

    // Nor can a concise row, whose values have no field names left for the answer's masking: the keys
    // of another user (not secrets this server holds, so only masking by field name hides them).
    const admin = createClient({
      apiUrl: simulator.url,
      apiKey: simulator.admin.apiKey,
      secretKey: simulator.admin.secretKey,
    });
    let keys: { apikey: string; secretkey: string };
    try {
      const user = await admin.request<{ user: { id: string } }>('createUser', {
        account: 'admin',
        domainid: simulator.seeded.rootDomainId,
        username: 'rows-user',
        password: 'Rows-pw-1!',
        email: 'rows@example.com',
        firstname: 'Rows',
        lastname: 'User',
      });
      keys = (await admin.request<{ userkeys: typeof keys }>('registerUserKeys', { id: user.user.id }))
        .userkeys;
    } finally {
      await admin.close();
    }
    const listed = await ask('callApi', { api: 'listUsers' });
    expect(listed.structured.columns).toContain('apikey');
    expect(listed.text).not.toContain(keys.apikey);
    const row = itemsOf(listed.structured).find((user) => user.username === 'rows-user');
    expect(row?.apikey).toBe('[REDACTED]');
  });

  it('getVMStatus is concise by default and detailed on request', async () => {
    const concise = await ask('getVMStatus', { vm: 'big-large-1' });
    const vm = concise.structured.vm as Record<string, unknown>;
    expect(Object.keys(vm)).toEqual([
      'id',
      'name',
      'state',
      'zonename',
      'serviceofferingname',
      'memory',
      'ipaddress',
    ]);
    const detailed = await ask('getVMStatus', { vm: 'big-large-1', format: 'detailed' });
    expect((detailed.structured.vm as Record<string, unknown>).templatename).toBeDefined();
  });

  it('mutations answer with what changed; so do job results', async () => {
    const stopped = await ask('stopVM', { vm: 'big-medium-1' });
    expect(stopped.isError, stopped.text).toBe(false);
    const vm = stopped.structured.vm as Record<string, unknown>;
    expect(vm).toMatchObject({ name: 'big-medium-1', state: 'Stopped' });
    expect(Object.keys(vm).every((key) => ['id', 'name', 'state', 'ipaddress'].includes(key))).toBe(true);

    const pending = await ask('callApi', { api: 'startVirtualMachine', params: { id: vm.id }, wait: false });
    let status: ToolAnswer;
    do status = await ask('getAsyncJobStatus', { jobId: pending.structured.jobId });
    while (status.structured.status === 'pending');
    expect(status.structured.result).toMatchObject({ name: 'big-medium-1', state: 'Running' });
    expect(Object.keys(status.structured.result as object).sort()).toEqual([
      'id',
      'ipaddress',
      'name',
      'state',
    ]);

    const job = await ask('callApi', { api: 'stopVirtualMachine', params: { id: vm.id } });
    expect(Object.keys(job.structured.result as object).sort()).toEqual(['id', 'ipaddress', 'name', 'state']);
    // A query over a job's result, as over any answer that is not a list.
    const started = await ask('callApi', {
      api: 'startVirtualMachine',
      params: { id: vm.id },
      query: 'state',
    });
    expect(started.structured).toMatchObject({ status: 'done', result: 'Running' });
    await ask('callApi', { api: 'stopVirtualMachine', params: { id: vm.id } });
    // The generic concise view keeps a record's own *id when it has no id (an async job's jobid).
    const jobs = await ask('callApi', { api: 'listAsyncJobs' });
    expect(jobs.isError, jobs.text).toBe(false);
    expect(jobs.structured.columns).toContain('jobid');
    expect(jobs.structured.columns).not.toContain('created');
    const full = await ask('callApi', {
      api: 'startVirtualMachine',
      params: { id: vm.id },
      format: 'detailed',
    });
    expect((full.structured.result as Record<string, unknown>).zoneid).toBeDefined();
  });
});
