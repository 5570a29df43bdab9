// Run by memory.test.ts as `node --expose-gc --import tsx memory-child.ts` with the simulator's address and
// keys in the environment: the server in this process, 1,200 mixed tool calls (answers and errors), and
// heapUsed after full collections at the start, after 200 calls (warm) and at the end, printed as one JSON line.
import { callBounded, deployTarget } from './helpers.js';
import { inProcessServer } from './in-process.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function heapMb(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const harness = await inProcessServer({
  url: process.env.SIM_URL ?? '',
  apiKey: process.env.SIM_API_KEY ?? '',
  secretKey: process.env.SIM_SECRET_KEY ?? '',
});
const target = await deployTarget(harness.cloudstack);
const vms = await harness.cloudstack.request<{ virtualmachine?: { id: string }[] }>('listVirtualMachines', {
  listall: true,
});
const vmId = vms.virtualmachine?.[0]?.id ?? 'none';

const calls: [string, Record<string, unknown>][] = [
  ['listZones', {}],
  ['callApi', { api: 'listVirtualMachines', params: { listall: true }, fields: ['id', 'name', 'state'] }],
  ['getVMStatus', { vm: vmId }],
  ['searchApis', { query: 'virtual machine snapshot' }],
  ['describeApi', { api: 'deployVirtualMachine' }],
  ['callApi', { api: 'lisZones' }],
  ['callApi', { api: 'listTemplates', params: { templatefilter: 'bogus' } }],
  ['listTemplates', {}],
  ['callApi', { api: 'createTags', params: {} }],
  ['deployVM', { ...target, wait: false }],
];

const outcomes: Record<string, number> = {};
async function run(count: number, offset: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [name, args] = calls[(offset + i) % calls.length] as [string, Record<string, unknown>];
    const outcome = await callBounded(harness.client, name, args, 15_000);
    outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
  }
}

const startMb = heapMb();
await run(200, 0);
const warmMb = heapMb();
await run(500, 200);
const middleMb = heapMb();
await run(500, 700);
const endMb = heapMb();
await harness.close();
process.stdout.write(`${JSON.stringify({ startMb, warmMb, middleMb, endMb, calls: 1200, outcomes })}\n`);
