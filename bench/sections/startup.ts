// Start-up: from spawning the server to its answer to `initialize`, against the smallest SDK server
// spawned the same way. Runs alternate so drift in machine load hits all alike.
import path from 'node:path';
import { callToolOk, connectStdio, serverEnv } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { benchDist, cliPath } from '../lib/paths.js';
import { startSimulatorProcess } from '../lib/simulator.js';
import type { Section } from '../section.js';
import { median, now, p95 } from '../stats.js';

const RUNS = 9;

/**
 * Spawn → `initialize` answered, or with `firstCall` → the first `callApi listZones` answered too: what a
 * server leaves for after `initialize` (the simulator's engine, the first listApis read) shows there.
 */
async function timeToAnswer(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; firstCall?: boolean } = {},
): Promise<number> {
  const started = now();
  const connected = await connectStdio({ script, args, ...(options.env ? { env: options.env } : {}) });
  if (options.firstCall) await callToolOk(connected.client, 'callApi', { api: 'listZones' });
  const ms = now() - started;
  await connected.close();
  return ms;
}

export const startupSection: Section = {
  name: 'startup',
  title: 'Start-up',
  method: [
    "Spawn the server and connect the SDK's stdio Client; the time until `initialize` is answered " +
      '(Client.connect resolving). `serve --simulator` starts the embedded simulator first; `serve` alone is ' +
      'pointed at a simulator already running in another process (as against a real CloudStack; it answers ' +
      "from the bindings and reads the server's listApis meanwhile). Both run the built, bundled command.",
    'Baseline: bench/baseline-server.ts (McpServer + StdioServerTransport, one tool) spawned the same way. ' +
      `${RUNS} runs each, alternating, after one warm-up each; median and p95.`,
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const baselineScript = path.join(benchDist, 'baseline-server.js');
    const simulator = await startSimulatorProcess({ seed: 8 });
    try {
      const env = serverEnv(simulator);
      const floorScript = path.join(benchDist, 'floor-server.js');
      const kinds = {
        baseline: () => timeToAnswer(baselineScript, []),
        embedded: () => timeToAnswer(cliPath, ['serve', '--simulator']),
        external: () => timeToAnswer(cliPath, ['serve'], { env }),
        floorCall: () => timeToAnswer(floorScript, [], { env, firstCall: true }),
        embeddedCall: () => timeToAnswer(cliPath, ['serve', '--simulator'], { firstCall: true }),
        externalCall: () => timeToAnswer(cliPath, ['serve'], { env, firstCall: true }),
      };
      const samples: Record<keyof typeof kinds, number[]> = {
        baseline: [],
        embedded: [],
        external: [],
        floorCall: [],
        embeddedCall: [],
        externalCall: [],
      };
      for (const kind of Object.values(kinds)) await kind();
      for (let i = 0; i < RUNS; i++) {
        for (const [name, kind] of Object.entries(kinds))
          samples[name as keyof typeof samples].push(await kind());
        log(
          `run ${i + 1}: --simulator ${samples.embedded.at(-1)?.toFixed(0)} ms, external ${samples.external.at(-1)?.toFixed(0)} ms, ` +
            `baseline ${samples.baseline.at(-1)?.toFixed(0)} ms; first call: --simulator ${samples.embeddedCall.at(-1)?.toFixed(0)} ms, ` +
            `external ${samples.externalCall.at(-1)?.toFixed(0)} ms, floor ${samples.floorCall.at(-1)?.toFixed(0)} ms`,
        );
      }
      const base50 = { label: 'minimal SDK server', value: median(samples.baseline) };
      const base95 = { label: 'minimal SDK server', value: p95(samples.baseline) };
      return [
        {
          metric: 'serve --simulator: spawn → initialize, median',
          value: median(samples.embedded),
          unit: 'ms',
          baseline: base50,
        },
        {
          metric: 'serve --simulator: spawn → initialize, p95',
          value: p95(samples.embedded),
          unit: 'ms',
          baseline: base95,
        },
        {
          metric: 'serve (CloudStack running): spawn → initialize, median',
          value: median(samples.external),
          unit: 'ms',
          baseline: base50,
        },
        {
          metric: 'serve (CloudStack running): spawn → first callApi listZones answered, median',
          value: median(samples.externalCall),
          unit: 'ms',
          baseline: {
            label: 'per-call floor server: spawn → its listZones answered',
            value: median(samples.floorCall),
          },
        },
        {
          metric:
            'serve --simulator: spawn → first callApi listZones answered (simulator started too), median',
          value: median(samples.embeddedCall),
          unit: 'ms',
          baseline: {
            label: 'per-call floor server: spawn → its listZones answered',
            value: median(samples.floorCall),
          },
        },
      ];
    } finally {
      await simulator.close();
    }
  },
};
