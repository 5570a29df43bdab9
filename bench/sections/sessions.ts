// Sessions: 30,000 bare initializes (a client that never calls anything, or someone filling the session
// table) against the built `serve --transport http`, the real server's RSS and heap before, after and at
// peak; then the same flood with a 128 MB heap, which the server must survive.
import { serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { peakRssMb, resetPeakRss, rssMb } from '../lib/proc.js';
import { forkHttpServe, type Served } from '../lib/served.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';

const FLOOD = 30_000;
const CONCURRENCY = 16;
const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'flood', version: '1' } },
});

/** Sends `count` initializes, CONCURRENCY at a time; counts answers by status (0: no answer). */
async function flood(url: string, count: number, served: Served): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count && served.alive()) {
      next++;
      const status = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: initialize,
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

function describeStatuses(statuses: Map<number, number>): string {
  return [...statuses]
    .map(([status, n]) => `${n.toLocaleString('en-US')} × ${status || 'no answer'}`)
    .join(', ');
}

export const sessionsSection: Section = {
  name: 'sessions',
  title: 'Session flood (HTTP)',
  method: [
    `${FLOOD.toLocaleString('en-US')} bare initializes (no call after them), ${CONCURRENCY} at a time, against the built ` +
      '`serve --transport http` (default --max-sessions 1000; unused sessions close after 60 s, and at the cap ' +
      'the least recently seen unused one is closed). The server is forked with a probe that reads its own heap ' +
      '(heapUsed after full collections); RSS and peak RSS (VmHWM, reset after warm-up) from /proc.',
    'Baselines: the same process before the flood (after start-up and 200 warm-up initializes).',
    'Then the same flood against a server started with --max-old-space-size=128: it must answer all of them.',
    'Before the fix (the build of commit f9277cc measured by this section with BENCH_SERVE_CLI, same machine, ' +
      '2026-12-07): RSS 113 MB before → 380 MB after, heap 22 → 250 MB (every session kept 30 minutes); with ' +
      '--max-old-space-size=128 the server died of heap out of memory after 13,678 initializes.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 12 });
    const figures: Figure[] = [];
    try {
      const env = serverEnv(simulator, { MCP_LOG_LEVEL: 'warn' });
      const served = await forkHttpServe([], env);
      try {
        await flood(served.url, 200, served);
        const before = await served.memory();
        resetPeakRss(served.pid);
        const statuses = await flood(served.url, FLOOD, served);
        const peak = peakRssMb(served.pid);
        const after = await served.memory();
        log(
          `default heap: ${describeStatuses(statuses)}; RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB`,
        );
        const rssBefore = { label: 'RSS before the flood', value: before.rssMb };
        figures.push(
          {
            metric: `RSS after ${FLOOD.toLocaleString('en-US')} initializes`,
            value: after.rssMb,
            unit: 'MB',
            baseline: rssBefore,
          },
          { metric: 'peak RSS during the flood', value: peak, unit: 'MB', baseline: rssBefore },
          {
            metric: 'heap used after the flood (after GC)',
            value: after.heapMb,
            unit: 'MB',
            baseline: { label: 'heap before the flood', value: before.heapMb },
          },
          {
            metric: 'initializes answered 200',
            value: statuses.get(200) ?? 0,
            unit: 'count',
            baseline: { label: 'sent', value: FLOOD },
            note: describeStatuses(statuses),
          },
        );
      } finally {
        await served.stop();
      }

      const small = await forkHttpServe([], env, ['--max-old-space-size=128']);
      try {
        await flood(small.url, 200, small);
        const before = rssMb(small.pid);
        resetPeakRss(small.pid);
        const statuses = await flood(small.url, FLOOD, small);
        const alive = small.alive();
        const peak = alive ? peakRssMb(small.pid) : Number.NaN;
        log(`128 MB heap: ${describeStatuses(statuses)}; ${alive ? 'alive' : small.exit()}`);
        figures.push(
          {
            metric: 'with --max-old-space-size=128: initializes answered 200',
            value: statuses.get(200) ?? 0,
            unit: 'count',
            baseline: { label: 'sent', value: FLOOD },
            note: `${describeStatuses(statuses)}; server ${alive ? 'alive afterwards' : small.exit()}`,
          },
          {
            metric: 'with --max-old-space-size=128: peak RSS',
            value: peak,
            unit: 'MB',
            baseline: { label: 'RSS before the flood', value: before },
          },
        );
      } finally {
        await small.stop();
      }
      return figures;
    } finally {
      await simulator.close();
    }
  },
};
