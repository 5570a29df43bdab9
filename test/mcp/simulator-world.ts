// The embedded simulator with our MCP server on it, connected in process to the SDK's real Client: what the
// workflow tests stand on. Registers its own beforeAll/afterAll; read `world.simulator` and `world.server` in
// tests (they are set once beforeAll has run).
import { afterAll, beforeAll } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js';

export interface SimulatorWorld {
  readonly simulator: RunningSimulator;
  readonly server: InProcess;
}

export function simulatorWorld(options: SimulatorOptions): SimulatorWorld {
  const world = {} as { simulator: RunningSimulator; server: InProcess };
  beforeAll(async () => {
    world.simulator = await startSimulator({ port: 0, ...options });
    const { apiKey, secretKey } = world.simulator.admin;
    // Polled when the simulator's jobs are done, as serve --simulator does.
    world.server = await startInProcess(
      { url: world.simulator.url, apiKey, secretKey },
      { clientOptions: { pollSchedule: pollScheduleFor(options.jobDurationMs ?? 100) } },
    );
  });
  afterAll(async () => {
    await world.server?.close();
    await world.simulator?.close();
  });
  return world;
}
