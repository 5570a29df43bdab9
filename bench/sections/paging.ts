// Paging: all 10,000 VMs of a seeded simulator through `callApi`, following `nextCursor` to the end, under the
// answer byte budget (default, with `fields`, and raised), time, calls, CloudStack pages read and the server's
// peak memory, against the client fetching the pages one after another in a process of its own.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { runChild } from '../lib/child.js';
import { type CountingProxy, startCountingProxy } from '../lib/counting-proxy.js';
import { callToolOk, connectServeStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { peakRssMb, resetPeakRss, rssMb } from '../lib/proc.js';
import { type SimulatorProcess, startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';
import { now } from '../stats.js';

const VMS = 10_000;
const PAGE_SIZE = 500;
/** callApi's largest `limit`; with `all` it reads pages up to this or the byte budget. */
const LIMIT = 5000;
const FIELDS = ['id', 'name', 'state', 'zonename'];
/** Enough for 5,000 full VM records (~1.8 KB each) in one answer: the budget out of the way. */
const RAISED_BUDGET = 16 * 2 ** 20;

interface ChildReport {
  ms: number;
  items: number;
  rssBeforeMb: number;
  peakMb: number;
}

function pagingChild(url: string, simulator: SimulatorProcess, mode: 'sequential' | 'listAll') {
  return runChild<ChildReport>('paging-child', [], {
    url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
    pageSize: PAGE_SIZE,
    mode,
  });
}

interface Traversal {
  ms: number;
  calls: number;
  /** Bytes of the text blocks read (structuredContent carries the same object again). */
  textBytes: number;
  /** Requests CloudStack (the simulator) answered, and their bytes. */
  requests: number;
  cloudStackBytes: number;
  peakDeltaMb: number;
  rssBeforeMb: number;
}

/** Every VM through callApi, following nextCursor to the end; checks that each VM arrived exactly once. */
async function traverse(
  client: Client,
  pid: number,
  proxy: CountingProxy,
  extra: Record<string, unknown>,
): Promise<Traversal> {
  const ids = new Set<string>();
  let calls = 0;
  let textBytes = 0;
  let cursor: string | undefined;
  proxy.resetCounts();
  resetPeakRss(pid);
  const rssBeforeMb = rssMb(pid);
  const started = now();
  do {
    const args: Record<string, unknown> = cursor
      ? { api: 'listVirtualMachines', cursor, format: 'detailed', ...extra }
      : { api: 'listVirtualMachines', params: { listall: true }, format: 'detailed', ...extra };
    const answer = await callToolOk(client, 'callApi', args);
    calls++;
    textBytes += Buffer.byteLength(answer.text);
    const structured = answer.structured ?? (JSON.parse(answer.text) as Record<string, unknown>);
    const items = Array.isArray(structured.items) ? (structured.items as { id?: string }[]) : [];
    for (const item of items) ids.add(String(item.id));
    cursor = typeof structured.nextCursor === 'string' ? structured.nextCursor : undefined;
  } while (cursor && calls < 2 * VMS);
  const ms = now() - started;
  const peakDeltaMb = peakRssMb(pid) - rssBeforeMb;
  if (ids.size !== VMS)
    throw new Error(`callApi returned ${ids.size} distinct VMs in ${calls} calls, expected ${VMS}`);
  return {
    ms,
    calls,
    textBytes,
    requests: proxy.requests,
    cloudStackBytes: proxy.answerBytes,
    peakDeltaMb,
    rssBeforeMb,
  };
}

/** A `serve` over stdio with its own environment, warmed on a small page, then one full traversal. */
async function traverseWith(
  simulator: SimulatorProcess,
  proxy: CountingProxy,
  env: Record<string, string>,
  extra: Record<string, unknown>,
): Promise<Traversal> {
  const server = await connectServeStdio(serverEnv(simulator, { ...env, CLOUDSTACK_API_URL: proxy.url }));
  try {
    const pid = server.pid;
    if (pid === undefined) throw new Error('no pid for the stdio server');
    await callToolOk(server.client, 'callApi', {
      api: 'listVirtualMachines',
      params: { listall: true },
      limit: 10,
    });
    return await traverse(server.client, pid, proxy, extra);
  } finally {
    await server.close().catch(() => undefined);
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export const pagingSection: Section = {
  name: 'paging',
  title: 'Paging',
  method: [
    `A simulator process seeded with ${VMS.toLocaleString('en-US')} VMs, behind a small proxy that counts the ` +
      'requests CloudStack answers and their bytes. `callApi {api: "listVirtualMachines", params: {listall: true}, ' +
      `all: true, limit: ${LIMIT}}\` through \`serve\` over stdio, then the returned \`nextCursor\` until there is ` +
      'none; every VM id must arrive exactly once. Time from the first call to the last answer. Three runs, each ' +
      `with a fresh \`serve\`: the default answer budget (64 KiB, MCP_MAX_ANSWER_BYTES unset), the same with ` +
      `\`fields: ${JSON.stringify(FIELDS)}\`, and the budget raised to ${RAISED_BUDGET / 2 ** 20} MiB ` +
      '(MCP_MAX_ANSWER_BYTES) so that 5,000 full records fit one answer (what callApi did before the budget). ' +
      'A fourth run calls without `all` and `limit` (default limit 50, default budget). The cursor carries the ' +
      'average item size, so each call reads from CloudStack about what its answer can hold.',
    'Memory: the peak resident set of the server process during the calls (VmHWM after resetting it through ' +
      '/proc/PID/clear_refs), minus its resident set before; the baseline reports the same for itself ' +
      '(process.resourceUsage().maxRSS minus the RSS before fetching).',
    `Baseline: a separate Node process with the client fetching pages of ${PAGE_SIZE} one after another ` +
      "(keeping every item), through the same proxy. Also shown: the client's listAll (pages in flight " +
      'concurrently) against that baseline. "Read from CloudStack" is what the proxy passed for a traversal ' +
      `(${VMS / PAGE_SIZE} pages of ${PAGE_SIZE} hold every VM).`,
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 3, seedVms: VMS });
    const proxy = await startCountingProxy(simulator.url);
    try {
      // Warm the simulator and the proxy (JIT, caches) once.
      await pagingChild(proxy.url, simulator, 'sequential');

      const all = { all: true, limit: LIMIT };
      const byDefault = await traverseWith(simulator, proxy, {}, all);
      const withFields = await traverseWith(simulator, proxy, {}, { ...all, fields: FIELDS });
      const raised = await traverseWith(
        simulator,
        proxy,
        { MCP_MAX_ANSWER_BYTES: String(RAISED_BUDGET) },
        all,
      );
      const plain = await traverseWith(simulator, proxy, {}, {});

      proxy.resetCounts();
      const sequential = await pagingChild(proxy.url, simulator, 'sequential');
      const sequentialRequests = proxy.requests;
      const sequentialBytes = proxy.answerBytes;
      const listAll = await pagingChild(proxy.url, simulator, 'listAll');
      if (sequential.items !== VMS || listAll.items !== VMS) {
        throw new Error(`baseline got ${sequential.items} / ${listAll.items} VMs, expected ${VMS}`);
      }
      for (const [name, run] of Object.entries({ byDefault, withFields, raised, plain })) {
        log(
          `${name}: ${run.ms.toFixed(0)} ms, ${run.calls} calls, ${run.requests} CloudStack requests ` +
            `(${mb(run.cloudStackBytes)} MB), text ${mb(run.textBytes)} MB, peak +${run.peakDeltaMb.toFixed(0)} MB`,
        );
      }
      log(`sequential ${sequential.ms.toFixed(0)} ms, listAll ${listAll.ms.toFixed(0)} ms`);

      const sequentialLabel = 'client, pages one after another';
      const count = VMS.toLocaleString('en-US');
      const runs: [string, Traversal][] = [
        ['default budget', byDefault],
        [`default budget, fields (${FIELDS.length})`, withFields],
        [`budget ${RAISED_BUDGET / 2 ** 20} MiB`, raised],
        ['default budget, no all, default limit', plain],
      ];
      const figures: Figure[] = [];
      for (const [label, run] of runs) {
        figures.push({
          metric: `${count} VMs through callApi + nextCursor, ${label} (${run.calls} calls)`,
          value: run.ms,
          unit: 'ms',
          baseline: { label: sequentialLabel, value: sequential.ms },
          note:
            `${run.calls} calls, ${mb(run.textBytes)} MB of answer text (${(run.textBytes / VMS).toFixed(0)} bytes per VM); ` +
            `CloudStack answered ${run.requests} requests, ${mb(run.cloudStackBytes)} MB ` +
            `(baseline: ${sequentialRequests} requests, ${mb(sequentialBytes)} MB)`,
        });
        figures.push({
          metric: `read from CloudStack for that, ${label} (${run.requests} requests)`,
          value: run.cloudStackBytes / 2 ** 20,
          unit: 'MB',
          baseline: {
            label: `${sequentialLabel}, ${sequentialRequests} requests`,
            value: sequentialBytes / 2 ** 20,
          },
        });
        figures.push({
          metric: `peak memory growth of the server, ${label}`,
          value: run.peakDeltaMb,
          unit: 'MB',
          baseline: { label: sequentialLabel, value: sequential.peakMb - sequential.rssBeforeMb },
          note: `server RSS before ${run.rssBeforeMb.toFixed(0)} MB; baseline process RSS before ${sequential.rssBeforeMb.toFixed(0)} MB`,
        });
      }
      figures.push({
        metric: `${count} VMs with client.listAll (concurrent pages)`,
        value: listAll.ms,
        unit: 'ms',
        baseline: { label: sequentialLabel, value: sequential.ms },
      });
      return figures;
    } finally {
      await proxy.close();
      await simulator.close();
    }
  },
};
