// Each person's catalog is their listApis (CloudStack filters it by role), once `check` has read it; a
// CloudStack answering 401 for the person's keys makes `check` reject. Against a small HTTP stand-in that
// lists two APIs, as CloudStack does for a role allowed only those.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBindings } from '../../../src/catalog/load.js';
import { isCredentialsRejected } from '../../../src/cloudstack/errors.js';
import { People } from '../../../src/mcp/auth/people.js';
import type { Person } from '../../../src/mcp/auth/person.js';

const LISTED = ['listZones', 'listVirtualMachines'];
let server: Server;
let apiUrl: string;
const commands: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const command = url.searchParams.get('command') ?? '';
    commands.push(command);
    if (url.searchParams.get('apiKey') === 'dead-key') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          [`${command.toLowerCase()}response`]: {
            errorcode: 401,
            errortext: 'unable to verify user credentials',
          },
        }),
      );
      return;
    }
    const body =
      command === 'listApis'
        ? {
            listapisresponse: {
              count: LISTED.length,
              api: LISTED.map((name) => ({
                name,
                description: name,
                isasync: false,
                params: [],
                response: [],
              })),
            },
          }
        : { listcapabilitiesresponse: { capability: { cloudstackversion: '4.18.0' } } };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
});

afterAll(() => {
  server?.close();
});

function people(): People {
  return new People({
    apiUrl,
    timeoutMs: 5000,
    bindings: {},
    liveApis: true,
    logLevel: 'silent',
    secrets: [],
  });
}

describe('People', () => {
  it("builds the person's catalog from their listApis, then checks with listCapabilities", async () => {
    const bindings = await loadBindings();
    const all = new People({
      apiUrl,
      timeoutMs: 5000,
      bindings,
      liveApis: true,
      logLevel: 'silent',
      secrets: [],
    });
    const person: Person = { u: 'u1', n: 'bob', k: 'good-key', s: 'secret' };
    expect(all.catalog(person).get('listHosts')).toBeDefined(); // the bindings, before the check
    await all.check(person);
    expect(all.catalog(person).names()).toEqual([...LISTED].sort());
    expect(all.catalog(person).complete).toBe(true);
    commands.length = 0;
    await all.check(person);
    expect(commands).toEqual(['listCapabilities']);
    await all.close();
  });

  it("rejects with CloudStack's 401 when the person's keys are dead", async () => {
    const dead = people();
    const error = await dead
      .check({ u: 'u2', n: 'eve', k: 'dead-key', s: 'secret' })
      .catch((e: unknown) => e);
    expect(isCredentialsRejected(error)).toBe(true);
    await dead.close();
  });
});
