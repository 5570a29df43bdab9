// The embedded simulator with our MCP server on it, connected in process to the SDK's real Client: what the
// workflow tests stand on. Registers its own beforeAll/afterAll; read `world.simulator` and `world.server` in
// tests (they are set once beforeAll has run).
import { afterAll, beforeAll } from 'vitest';
import { deployParams } from '../../bench/lib/deploy-params.js';
import { type InProcess, type InProcessOptions, startInProcess } from '../../bench/lib/in-process.js';
import { pollScheduleFor } from '../../src/cloudstack/poll.js';
import {
  DEFAULT_FAULTS,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.js';

export interface SimulatorWorld {
  readonly simulator: RunningSimulator;
  readonly server: InProcess;
}

/** `clientOptions` add to (or replace) the default poll schedule, which follows the simulator's job length. */
export function simulatorWorld(
  options: SimulatorOptions,
  clientOptions: NonNullable<InProcessOptions['clientOptions']> = {},
): SimulatorWorld {
  const world = {} as { simulator: RunningSimulator; server: InProcess };
  beforeAll(async () => {
    world.simulator = await startSimulator({ port: 0, ...options });
    const { apiKey, secretKey } = world.simulator.admin;
    // Polled when the simulator's jobs are done, as serve --simulator does.
    world.server = await startInProcess(
      { url: world.simulator.url, apiKey, secretKey },
      {
        clientOptions: {
          pollSchedule: pollScheduleFor(options.jobDurationMs ?? DEFAULT_FAULTS.jobDurationMs),
          ...clientOptions,
        },
      },
    );
  });
  afterAll(async () => {
    await world.server?.close();
    await world.simulator?.close();
  });
  return world;
}

/** deployVM's arguments for the simulator's first zone, template and offering (bench/lib/deploy-params.ts). */
export async function deployTarget(
  server: InProcess,
): Promise<{ zone: string; template: string; serviceOffering: string; networks?: string[] }> {
  const params = await deployParams(server.cloudstack);
  return {
    zone: params.zoneid,
    template: params.templateid,
    serviceOffering: params.serviceofferingid,
    ...(params.networkids ? { networks: [params.networkids] } : {}),
  };
}
