// A server started with credentials CloudStack does not accept: tool calls say so, as the CLI does, with
// the settings to check, instead of a bare 401 "in listZones" from a look-up the agent never asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { call, errorOf } from './harness.js';

describe('rejected credentials', () => {
  let simulator: RunningSimulator;
  let server: InProcess;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 41 });
    server = await startInProcess({
      url: simulator.url,
      apiKey: simulator.admin.apiKey,
      secretKey: 'not-the-secret-key-of-this-cloud',
    });
  });

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
  });

  it('answers unauthorized with the settings to check, for tools and their internal look-ups', async () => {
    for (const [tool, args] of [
      ['listZones', {}],
      ['deployVM', { zone: 'Sandbox-simulator', template: 't', serviceOffering: 'Small Instance' }],
      ['callApi', { api: 'listVolumes' }],
    ] as const) {
      const answer = await call(server.client, tool, args);
      expect(answer.isError, tool).toBe(true);
      const error = errorOf(answer);
      expect(error.kind, answer.text).toBe('unauthorized');
      expect(String(error.message)).toMatch(/^CloudStack rejected the credentials \(401: /);
      expect(String(error.message)).toContain('the credentials this server was started with do not work');
      expect(error.hint).toContain('check CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY');
      expect(error.errorcode).toBe(401);
    }
  });
});
