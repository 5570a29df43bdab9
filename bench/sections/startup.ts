// Start-up: from spawning the server to its answer to `initialize`, against the smallest SDK server
// spawned the same way. Runs alternate between the two so drift in machine load hits both alike.
import path from 'node:path';
import { connectStdio } from '../lib/mcp.js';
import { simulatorAndServeMissing } from '../lib/needs.js';
import { benchDist, cliPath } from '../lib/paths.js';
import type { Section } from '../section.js';
import { median, now, p95 } from '../stats.js';

const RUNS = 9;

async function timeToInitialize(script: string, args: string[]): Promise<number> {
  const started = now();
  const connected = await connectStdio({ script, args });
  const ms = now() - started;
  await connected.close();
  return ms;
}

export const startupSection: Section = {
  name: 'startup',
  title: 'Start-up',
  method: [
    `Spawn \`node dist/src/cli/index.js serve --simulator\` and connect the SDK's stdio Client; the time until ` +
      '`initialize` is answered (Client.connect resolving). Baseline: bench/baseline-server.ts (McpServer + ' +
      `StdioServerTransport, one tool) spawned the same way. ${RUNS} runs each, alternating, after one warm-up each; median and p95.`,
  ],
  missing: simulatorAndServeMissing,
  async run({ log }) {
    const baselineScript = path.join(benchDist, 'baseline-server.js');
    const serveArgs = ['serve', '--simulator'];
    await timeToInitialize(baselineScript, []);
    await timeToInitialize(cliPath, serveArgs);
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await timeToInitialize(baselineScript, []));
      ours.push(await timeToInitialize(cliPath, serveArgs));
      log(`run ${i + 1}: serve ${ours.at(-1)?.toFixed(0)} ms, baseline ${baseline.at(-1)?.toFixed(0)} ms`);
    }
    return [
      {
        metric: 'spawn → initialize answered, median',
        value: median(ours),
        unit: 'ms',
        baseline: { label: 'minimal SDK server', value: median(baseline) },
      },
      {
        metric: 'spawn → initialize answered, p95',
        value: p95(ours),
        unit: 'ms',
        baseline: { label: 'minimal SDK server', value: p95(baseline) },
      },
    ];
  },
};
