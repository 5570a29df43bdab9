// Memory: the server's heap after 1,000 calls (mixed answers and errors, with the simulator failing some
// requests) is not bigger than after the first 200, beyond a generous bound. Runs the server in a child
// process with --expose-gc so heapUsed is measured after full collections.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type Simulator, startSim } from './helpers.js';

const run = promisify(execFile);
/** 1,000 calls may leave at most this much more heap: a leak of ~6 KB per call fails. */
const BOUND_MB = 6;

describe('memory across 1,000 calls', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSim({ seed: 41, seedVms: 50 });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it(`does not grow by more than ${BOUND_MB} MB of heap after warm-up`, async () => {
    simulator.setFaults({ failureRate: 0.05 });
    const child = path.join(repoRoot, 'test', 'reliability', 'memory-child.ts');
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SIM_URL: simulator.url,
        SIM_API_KEY: simulator.admin.apiKey,
        SIM_SECRET_KEY: simulator.admin.secretKey,
      },
      timeout: 80_000,
      maxBuffer: 16 * 2 ** 20,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      startMb: number;
      warmMb: number;
      middleMb: number;
      endMb: number;
      outcomes: Record<string, number>;
    };
    // Both answers and errors were exercised, and nothing hung or broke the protocol.
    expect(report.outcomes.ok).toBeGreaterThan(500);
    expect(report.outcomes['tool-error']).toBeGreaterThan(100);
    expect(report.outcomes['protocol-error'] ?? 0).toBe(0);
    expect(report.endMb - report.warmMb, JSON.stringify(report)).toBeLessThan(BOUND_MB);
  }, 90_000);
});
