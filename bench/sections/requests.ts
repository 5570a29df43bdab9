// Requests: what an agent reads to answer operator requests over 300 VMs (issue 18), before (format
// detailed, no query: the server's answers until then) and after (concise, query), beside CloudStack's raw
// JSON for the same data. Characters of the answer text, every call of the request counted.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { directClient } from '../lib/direct.js';
import { callToolOk, connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';

const VMS = 300;

interface Read {
  calls: number;
  chars: number;
}

/** One request: the tool called with `args`, following nextCursor to the end of the list. */
async function read(client: Client, tool: string, args: Record<string, unknown>): Promise<Read> {
  let calls = 0;
  let chars = 0;
  let cursor: string | undefined;
  do {
    const answer = await callToolOk(client, tool, cursor ? { ...args, cursor } : args);
    calls++;
    chars += answer.text.length;
    const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
    cursor = typeof structured.nextCursor === 'string' ? structured.nextCursor : undefined;
  } while (cursor && calls < VMS);
  return { calls, chars };
}

export const requestsSection: Section = {
  name: 'requests',
  title: 'Requests (characters read)',
  method: [
    `A simulator seeded with ${VMS} VMs; \`serve\` over stdio. Each request is played as an agent would, ` +
      'counting the characters of every answer text it reads (following nextCursor to the end). Before = ' +
      '`format: "detailed"` and no `query` (the answers before issue 18); after = the default concise ' +
      "format, or a `query` reduced on the server. Baseline = CloudStack's raw JSON for the same data " +
      '(`listVirtualMachines listall=true pagesize=500`, with `state=Running` for the running VMs), as compact ' +
      'as CloudStack sends it.',
    'Top 5 by memory: before with `fields: ["name","memory"]` and `limit: 1000` (the best an agent could do), ' +
      'after with `query: "reverse(sort_by(@, &memory))[:5].{name: name, memory: memory}"`. Count and total ' +
      'memory: before `fields: ["memory"]`, after `query: "{count: length(@), memory: sum([].memory)}"`. ' +
      'Running VMs: `listVirtualMachines {state: "Running", limit: 1000}`. callApi: `callApi ' +
      '{api: "listVirtualMachines"}` with its default limit (50), per VM.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 18, seedVms: VMS });
    const direct = directClient(simulator);
    const server = await connectServeStdio(serverEnv(simulator));
    try {
      const rawOf = async (params: Record<string, unknown>) =>
        JSON.stringify({
          listvirtualmachinesresponse: await direct.request('listVirtualMachines', {
            listall: true,
            page: 1,
            pagesize: 500,
            ...params,
          }),
        }).length;
      const raw = await rawOf({});
      const rawRunning = await rawOf({ state: 'Running' });
      const client = server.client;
      const detailed = { format: 'detailed' };
      const running = seededRunning(VMS);

      const rows: { request: string; before: Read; after: Read; raw: number; per?: number }[] = [
        {
          request: `top 5 VMs by memory of ${VMS}`,
          before: await read(client, 'listVirtualMachines', {
            fields: ['name', 'memory'],
            limit: 1000,
            ...detailed,
          }),
          after: await read(client, 'listVirtualMachines', {
            query: 'reverse(sort_by(@, &memory))[:5].{name: name, memory: memory}',
          }),
          raw,
        },
        {
          request: `running VMs and where (${running} of ${VMS})`,
          before: await read(client, 'listVirtualMachines', { state: 'Running', limit: 1000, ...detailed }),
          after: await read(client, 'listVirtualMachines', { state: 'Running', limit: 1000 }),
          raw: rawRunning,
        },
        {
          request: `count and total memory of ${VMS} VMs`,
          before: await read(client, 'listVirtualMachines', { fields: ['memory'], limit: 1000, ...detailed }),
          after: await read(client, 'listVirtualMachines', {
            query: '{count: length(@), memory: sum([].memory)}',
          }),
          raw,
        },
      ];
      const callApiBefore = await callToolOk(client, 'callApi', { api: 'listVirtualMachines', ...detailed });
      const callApiAfter = await callToolOk(client, 'callApi', { api: 'listVirtualMachines' });
      const figures: Figure[] = [];
      for (const row of rows) {
        log(
          `${row.request}: before ${row.before.chars} chars in ${row.before.calls} calls; after ${row.after.chars} in ${row.after.calls}; raw ${row.raw}`,
        );
        figures.push({
          metric: `${row.request}, after (${row.after.calls} call${row.after.calls === 1 ? '' : 's'})`,
          value: row.after.chars,
          unit: 'chars',
          baseline: { label: `before: ${row.before.calls} call(s)`, value: row.before.chars },
          note: `CloudStack's raw JSON: ${row.raw.toLocaleString('en-US')} chars`,
        });
      }
      const perVm = (text: string, structured: Record<string, unknown> | undefined) => {
        const s = structured ?? (JSON.parse(text) as Record<string, unknown>);
        const n = Array.isArray(s.rows) ? s.rows.length : Array.isArray(s.items) ? s.items.length : 0;
        return text.length / Math.max(1, n);
      };
      const after = perVm(callApiAfter.text, callApiAfter.structured);
      const before = perVm(callApiBefore.text, callApiBefore.structured);
      log(`callApi listVirtualMachines per VM: before ${before.toFixed(0)}, after ${after.toFixed(0)}`);
      figures.push({
        metric: 'callApi listVirtualMachines, per VM, after (concise)',
        value: after,
        unit: 'chars',
        baseline: { label: 'before (detailed)', value: before },
        note: `CloudStack's raw JSON: ${(raw / VMS).toFixed(0)} chars per VM`,
      });
      return figures;
    } finally {
      await server.close().catch(() => undefined);
      await direct.close();
      await simulator.close();
    }
  },
};

/** The seeded VMs that run: every fifth is stopped (src/simulator/state/seed.ts). */
function seededRunning(vms: number): number {
  return vms - Math.floor(vms / 5);
}
