// Paging: all 10,000 VMs of a seeded simulator through `callApi ... all: true`, time and the server's peak
// memory, against the client fetching the pages one after another in a process of its own.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { runChild } from '../lib/child.js';
import { connectInProcess } from '../lib/in-process.js';
import { callToolOk, connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { peakRssMb, resetPeakRss, rssMb } from '../lib/proc.js';
import { type SimulatorProcess, startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';
import { now } from '../stats.js';

const VMS = 10_000;
const PAGE_SIZE = 500;
/** callApi's cap for one `all` answer; more takes the cursor. */
const PER_CALL = 5000;

interface ChildReport {
  ms: number;
  items: number;
  rssBeforeMb: number;
  peakMb: number;
}

function pagingChild(simulator: SimulatorProcess, mode: 'sequential' | 'listAll'): Promise<ChildReport> {
  return runChild<ChildReport>('paging-child', [], {
    url: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
    pageSize: PAGE_SIZE,
    mode,
  });
}

/** Every VM through callApi `all`, following nextCursor; checks that all of them arrived. */
async function fetchEverything(client: Client): Promise<{ ms: number; calls: number }> {
  const started = now();
  let received = 0;
  let calls = 0;
  let cursor: string | undefined;
  do {
    const args: Record<string, unknown> = cursor
      ? { api: 'listVirtualMachines', cursor, all: true, limit: PER_CALL }
      : { api: 'listVirtualMachines', params: { listall: true }, all: true, limit: PER_CALL };
    const answer = await callToolOk(client, 'callApi', args);
    calls++;
    const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
    received += Array.isArray(structured.items) ? structured.items.length : 0;
    cursor = typeof structured.nextCursor === 'string' ? structured.nextCursor : undefined;
  } while (cursor && calls < 100);
  const ms = now() - started;
  if (received !== VMS)
    throw new Error(`callApi returned ${received} VMs in ${calls} calls, expected ${VMS}`);
  return { ms, calls };
}

export const pagingSection: Section = {
  name: 'paging',
  title: 'Paging',
  method: [
    `A simulator process seeded with ${VMS.toLocaleString('en-US')} VMs. \`callApi {api: "listVirtualMachines", ` +
      `params: {listall: true}, all: true, limit: ${PER_CALL}}\` through \`serve\` over stdio, then the returned ` +
      `cursor until every VM is in (callApi caps one \`all\` answer at ${PER_CALL} items, so this takes ` +
      `${VMS / PER_CALL} calls). Time from the first call to the last answer. The same again with the server ` +
      "in the benchmark's process (the SDK's InMemoryTransport): the difference is the stdio transport, " +
      'i.e. serialising ~9 MB answers (text and structuredContent) and the SDK client reading them.',
    'Memory: the peak resident set of the server process during the calls (VmHWM after resetting it through ' +
      '/proc/PID/clear_refs), minus its resident set before; the baselines report the same for themselves ' +
      '(process.resourceUsage().maxRSS minus the RSS before fetching).',
    `Baseline: a separate Node process with the client fetching pages of ${PAGE_SIZE} one after another ` +
      "(keeping every item). Also shown: the client's listAll (pages in flight concurrently) against that baseline.",
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 3, seedVms: VMS });
    const server = await connectServeStdio(serverEnv(simulator));
    try {
      const pid = server.pid;
      if (pid === undefined) throw new Error('no pid for the stdio server');
      // Warm both paths once (JIT, simulator caches) on a small page.
      await callToolOk(server.client, 'callApi', {
        api: 'listVirtualMachines',
        params: { listall: true },
        limit: 10,
      });
      await pagingChild(simulator, 'sequential');

      resetPeakRss(pid);
      const rssBefore = rssMb(pid);
      const overStdio = await fetchEverything(server.client);
      const peakDelta = peakRssMb(pid) - rssBefore;
      const inProcess = await connectInProcess(simulator);
      const direct = await fetchEverything(inProcess.client).finally(() => inProcess.close());
      const calls = overStdio.calls;
      const ms = overStdio.ms;

      const sequential = await pagingChild(simulator, 'sequential');
      const listAll = await pagingChild(simulator, 'listAll');
      if (sequential.items !== VMS || listAll.items !== VMS) {
        throw new Error(`baseline got ${sequential.items} / ${listAll.items} VMs, expected ${VMS}`);
      }
      log(
        `callApi ${ms.toFixed(0)} ms in ${calls} calls, sequential ${sequential.ms.toFixed(0)} ms, listAll ${listAll.ms.toFixed(0)} ms`,
      );
      const sequentialLabel = `client, pages one after another`;
      return [
        {
          metric: `${VMS.toLocaleString('en-US')} VMs through callApi all (${calls} calls)`,
          value: ms,
          unit: 'ms',
          baseline: { label: sequentialLabel, value: sequential.ms },
        },
        {
          metric: `the same in process (no transport, InMemoryTransport)`,
          value: direct.ms,
          unit: 'ms',
          baseline: { label: sequentialLabel, value: sequential.ms },
        },
        {
          metric: 'peak memory growth of the fetching process',
          value: peakDelta,
          unit: 'MB',
          baseline: { label: sequentialLabel, value: sequential.peakMb - sequential.rssBeforeMb },
          note: `server RSS before ${rssBefore.toFixed(0)} MB; baseline process RSS before ${sequential.rssBeforeMb.toFixed(0)} MB`,
        },
        {
          metric: `${VMS.toLocaleString('en-US')} VMs with client.listAll (concurrent pages)`,
          value: listAll.ms,
          unit: 'ms',
          baseline: { label: sequentialLabel, value: sequential.ms },
        },
      ];
    } finally {
      await server.close().catch(() => undefined);
      await simulator.close();
    }
  },
};
