// The embedded simulator for the CLI tests: started in this process, with helpers to reach it.
import { createClient } from '../../src/cloudstack/client.js';
import { startSimulator } from '../../src/simulator/index.js';
import { cleanEnv } from './helpers.js';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export async function start(): Promise<Simulator> {
  return startSimulator({});
}

/** Environment for the CLI with the simulator's admin keys. */
export function adminEnv(sim: Simulator, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    CLOUDSTACK_API_URL: sim.url,
    CLOUDSTACK_API_KEY: sim.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: sim.admin.secretKey,
    ...extra,
  });
}

export function adminClient(sim: Simulator) {
  return createClient({ apiUrl: sim.url, apiKey: sim.admin.apiKey, secretKey: sim.admin.secretKey });
}
