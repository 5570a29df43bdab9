// The client called directly, against the same simulator: the baseline for everything that goes through MCP.
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import type { SimulatorProcess } from './simulator.js';

export function directClient(simulator: SimulatorProcess): CloudStackClient {
  return createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
}
