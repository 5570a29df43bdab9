// stdin flood: 22,000 pipelined tools/call requests written at once to the built `serve` over stdio
// (as a client that does not wait for answers would), the server's peak RSS until all are answered.
import { serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { peakRssMb, resetPeakRss, rssMb } from '../lib/proc.js';
import { forkServe } from '../lib/served.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';
import { now } from '../stats.js';

const REQUESTS = 22_000;

export const stdioFloodSection: Section = {
  name: 'stdio-flood',
  title: 'stdin flood (stdio)',
  method: [
    `${REQUESTS.toLocaleString('en-US')} tools/call listZones requests (fields: name) written to the built \`serve\`'s ` +
      'stdin at once after initialize, against a simulator in another process; the server takes at most 64 ' +
      "requests at a time and stops reading stdin while full (or while stdout's buffer is). Peak RSS (VmHWM, " +
      'reset after initialize) once every request is answered.',
    'Baseline: the same process after initialize.',
    'Before the fix (the build of commit f9277cc measured by this section with BENCH_SERVE_CLI, same machine, ' +
      '2026-12-07): peak RSS 922 MB against 95 MB after initialize (every request read and in flight at ' +
      'once; the issue saw 1,117 MB), all 22,000 answered in 53 s.',
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const simulator = await startSimulatorProcess({ seed: 13 });
    try {
      const served = await forkServe([], serverEnv(simulator, { MCP_LOG_LEVEL: 'warn' }));
      try {
        const { stdin, stdout } = served.child;
        if (!stdin || !stdout) throw new Error('serve has no stdio pipes');
        let answers = 0;
        let waiting: (() => void) | undefined;
        let wanted = 1;
        stdout.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 0x0a) answers++;
          if (answers >= wanted) waiting?.();
        });
        const answered = (count: number) =>
          new Promise<void>((resolve, reject) => {
            wanted = count;
            if (answers >= count) resolve();
            waiting = resolve;
            served.child.once('exit', () =>
              reject(new Error(`serve ${served.exit()} after ${answers} answers`)),
            );
          });
        stdin.write(
          `${JSON.stringify({
            jsonrpc: '2.0',
            id: 0,
            method: 'initialize',
            params: {
              protocolVersion: '2025-06-18',
              capabilities: {},
              clientInfo: { name: 'flood', version: '1' },
            },
          })}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
        );
        await answered(1);
        const heapBefore = (await served.memory()).heapMb;
        const before = rssMb(served.pid);
        resetPeakRss(served.pid);
        const lines: string[] = [];
        for (let id = 1; id <= REQUESTS; id++) {
          lines.push(
            JSON.stringify({
              jsonrpc: '2.0',
              id,
              method: 'tools/call',
              params: { name: 'listZones', arguments: { fields: ['name'] } },
            }),
          );
        }
        const started = now();
        stdin.write(`${lines.join('\n')}\n`);
        await answered(REQUESTS + 1);
        const seconds = (now() - started) / 1000;
        const peak = peakRssMb(served.pid);
        log(
          `${answers - 1} answers in ${seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB (before ${before.toFixed(0)} MB)`,
        );
        const after = await served.memory();
        stdin.end();
        return [
          {
            metric: `peak RSS, ${REQUESTS.toLocaleString('en-US')} pipelined tools/call`,
            value: peak,
            unit: 'MB',
            baseline: { label: 'RSS after initialize', value: before },
          },
          {
            metric: 'heap used once all are answered (after GC)',
            value: after.heapMb,
            unit: 'MB',
            baseline: { label: 'heap after initialize', value: heapBefore },
          },
          {
            metric: 'answered',
            value: answers - 1,
            unit: 'count',
            baseline: { label: 'sent', value: REQUESTS },
            note: `in ${seconds.toFixed(1)} s (${((answers - 1) / seconds).toFixed(0)} calls/s)`,
          },
        ];
      } finally {
        await served.stop();
      }
    } finally {
      await simulator.close();
    }
  },
};
