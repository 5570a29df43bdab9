// Property-based fuzzing of every tool's arguments (fast-check) through the SDK's real Client and the
// server in process (InMemoryTransport), backed by the embedded simulator: random and malformed arguments
// never crash the server and always get a well-formed answer: a valid result or an isError result that says
// clearly what was wrong.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callBounded,
  errorReport,
  type Outcome,
  type Simulator,
  secretsOf,
  startSim,
  unclear,
} from './helpers.js';
import { type InProcess, inProcessServer } from './in-process.js';
import { Transcript } from './transcript.js';

const RUNS_PER_TOOL = 100;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
}

/** Values no schema expects: wrong types, hostile strings, deep and odd structures. */
const wild: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    "'; DROP TABLE vm; --",
    '%00',
    '\u0000',
    '\uD800',
    'a'.repeat(20_000),
    '*',
    '{"$ref":"#"}',
    '__proto__',
    'NaN',
    -1,
    0,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -0,
    true,
    null,
    [],
    {},
    { __proto__: { polluted: true } },
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
);

/** A value of the schema's type (so calls get past validation and reach the tool's own code). */
function typed(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return wild;
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.constantFrom('listZones', 'Running', 'x'));
    case 'integer':
      return fc.integer({ min: -10, max: 10_000 });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(typed(schema.items), { maxLength: 4 });
    case 'object':
      return schema.properties
        ? argumentsFor(schema)
        : fc.dictionary(fc.string({ maxLength: 12 }), wild, { maxKeys: 4 });
    default:
      return wild;
  }
}

/**
 * A well-typed value for a named argument. A random string is almost never valid JMESPath, a zone name or
 * a signed cursor, so those also get meaningful values, or nearly every call stops at the first check.
 */
function wellTyped(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  const meaningful = MEANINGFUL[name];
  return meaningful ? fc.oneof(typed(schema), meaningful) : typed(schema);
}

/** Values that mean something to the tools, beside random ones of the right type. */
const MEANINGFUL: Record<string, fc.Arbitrary<unknown>> = {
  query: fc.constantFrom('@', 'length(@)', '[].name', '[0]'),
  zone: fc.constantFrom('Sim-Basic', 'Sim-Advanced', 'advanced'),
  limit: fc.integer({ min: 1, max: 1000 }),
  // A random string is never a cursor this server signed: leave it out as often as not.
  cursor: fc.constant(undefined),
};

/** Arguments for a tool: each known property left out, well-typed, or wild, plus stray keys. */
function argumentsFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const known = fc.record(
    Object.fromEntries(
      properties.map(([name, property]) => [
        name,
        fc.oneof({ arbitrary: wellTyped(name, property), weight: 5 }, { arbitrary: wild, weight: 1 }),
      ]),
    ),
    { requiredKeys: [] },
  );
  const stray = fc.dictionary(fc.string({ maxLength: 12 }), wild, { maxKeys: 2 });
  return fc.tuple(known, stray, fc.boolean()).map(([k, s, withStray]) => (withStray ? { ...s, ...k } : k));
}

describe('fuzzing tool arguments', () => {
  const transcript = new Transcript();
  let simulator: Simulator;
  let harness: InProcess;
  let tools: { name: string; inputSchema: JsonSchema }[] = [];

  beforeAll(async () => {
    simulator = await startSim({ seed: 21, seedVms: 20 });
    harness = await inProcessServer(
      { url: simulator.url, apiKey: simulator.admin.apiKey, secretKey: simulator.admin.secretKey },
      { transcript },
    );
    tools = (await harness.client.listTools()).tools as typeof tools;
  });

  afterAll(async () => {
    await harness?.close();
    await simulator?.close();
  });

  it('offers tools to fuzz', () => {
    expect(tools.length).toBeGreaterThanOrEqual(15);
  });

  it('answers random and malformed arguments to every tool with a result or a clear isError', async () => {
    const problems: string[] = [];
    const seen = { ok: 0, report: 0, other: 0 };
    const answered = new Set<string>();
    let calls = 0;
    for (const tool of tools) {
      await fc.assert(
        fc.asyncProperty(argumentsFor(tool.inputSchema), async (args) => {
          const outcome: Outcome = await callBounded(harness.client, tool.name, args, 15_000);
          calls++;
          const problem = unclear(outcome);
          if (outcome.kind === 'ok') {
            seen.ok++;
            answered.add(tool.name);
          } else if (errorReport(outcome)) seen.report++;
          else seen.other++;
          if (problem) problems.push(`${tool.name}(${JSON.stringify(args).slice(0, 200)}): ${problem}`);
          if (outcome.kind !== 'protocol-error') {
            const content = outcome.result.content;
            expect(Array.isArray(content) && content.length > 0).toBe(true);
            for (const part of content)
              expect(part.type === 'text' && typeof part.text === 'string').toBe(true);
          }
        }),
        { numRuns: RUNS_PER_TOOL, seed: 4242, endOnFailure: true },
      );
    }
    expect(calls).toBe(tools.length * RUNS_PER_TOOL);
    expect(problems.slice(0, 10)).toEqual([]);
    // The fuzz reached past schema validation into the tools themselves, both to answers and to errors:
    // with the fixed seed, 34 answers of 1,500 from 7 tools (each tool's strict argument check and its
    // look-ups refuse most random calls, as they should).
    expect(answered.size, [...answered].join()).toBeGreaterThanOrEqual(6);
    expect(seen.ok, JSON.stringify(seen)).toBeGreaterThan(calls / 60);
    expect(seen.report, JSON.stringify(seen)).toBeGreaterThan(calls / 10);
    expect(seen.other, JSON.stringify(seen)).toBe(0);
  }, 120_000);

  it('answers callApi for real API names with random parameters the same way', async () => {
    const names = [
      'listZones',
      'deployVirtualMachine',
      'createTags',
      'listVirtualMachines',
      'stopVirtualMachine',
      'destroyVirtualMachine',
      'createUser',
      'registerUserKeys',
      'listApis',
      'queryAsyncJobResult',
      'lisZones',
    ];
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.dictionary(
          fc.constantFrom('id', 'ids', 'zoneid', 'name', 'tags', 'page', 'pagesize', 'listall', 'x'),
          wild,
          {
            maxKeys: 4,
          },
        ),
        fc.option(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), { nil: undefined }),
        async (api, params, fields) => {
          const outcome = await callBounded(
            harness.client,
            'callApi',
            { api, params, ...(fields ? { fields } : {}) },
            15_000,
          );
          const problem = unclear(outcome);
          if (problem) problems.push(`callApi ${api} ${JSON.stringify(params).slice(0, 200)}: ${problem}`);
        },
      ),
      { numRuns: 150, seed: 4243 },
    );
    expect(problems.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('is still answering afterwards', async () => {
    const outcome = await callBounded(harness.client, 'listZones', {});
    expect(outcome.kind).toBe('ok');
  });

  it('wrote none of its credentials into any answer or log line', () => {
    expect(transcript.leaks(secretsOf(simulator))).toEqual([]);
  });
});
