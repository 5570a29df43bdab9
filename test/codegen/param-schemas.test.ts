// The parameter rules (src/cloudstack/schema-helpers.ts, shared by generated code and schemas-from-doc.ts), through
// paramsSchemaFromDoc: what an agent's JSON may look like, and the errors it gets.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { paramsSchemaFromDoc, responseSchemaFromDoc } from '../../src/cloudstack/schemas-from-doc.js';

const doc = {
  name: 'deployThing',
  params: [
    { name: 'zoneid', type: 'uuid', required: true },
    { name: 'name', type: 'string', length: 10 },
    { name: 'password', type: 'string', length: 5 },
    { name: 'count', type: 'integer' },
    { name: 'size', type: 'long' },
    { name: 'port', type: 'short' },
    { name: 'startvm', type: 'boolean' },
    { name: 'startdate', type: 'date' },
    { name: 'ids', type: 'list' },
    { name: 'details', type: 'map' },
    { name: 'options', type: 'object' },
    { name: 'schedule', type: 'cronexpression' },
  ],
};
const schema = paramsSchemaFromDoc(doc);
const zoneid = '2a2e7f4e-4b6c-4a47-9b0a-5a6b3c1d2e3f';

function errorOf(params: unknown): string {
  const result = schema.safeParse(params);
  if (result.success) throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
  return result.error.issues.map((issue) => issue.message).join('; ');
}

describe('parameter schemas', () => {
  it('name a missing required parameter', () => {
    expect(errorOf({})).toBe('parameter "zoneid" is required');
  });

  it('reject unknown parameters, naming them and the closest known names', () => {
    expect(errorOf({ zoneid, zoneId: zoneid })).toMatch(
      /^deployThing has no parameter "zoneId" \(did you mean "zoneid"\?\)/,
    );
    expect(errorOf({ zoneid, nmae: 'x', bogus: 1 })).toContain('"nmae" (did you mean "name"?), "bogus"');
    expect(errorOf('zoneid=1')).toBe('deployThing takes an object of parameters, got "zoneid=1"');
  });

  it('uuid: a UUID or a numeric id', () => {
    expect(schema.parse({ zoneid })).toEqual({ zoneid });
    expect(schema.parse({ zoneid: '42' })).toEqual({ zoneid: '42' });
    expect(schema.parse({ zoneid: 42 })).toEqual({ zoneid: '42' });
    expect(errorOf({ zoneid: 'zone-1' })).toBe(
      'parameter "zoneid" must be a UUID (or a numeric id), got "zone-1"',
    );
  });

  it('integers: numbers or numeric text, within the Java type', () => {
    expect(schema.parse({ zoneid, count: '3', size: 2 ** 40, port: ' 8080 ' })).toMatchObject({
      count: 3,
      size: 2 ** 40,
      port: 8080,
    });
    expect(errorOf({ zoneid, count: 1.5 })).toBe('parameter "count" must be a 32-bit integer, got 1.5');
    expect(errorOf({ zoneid, count: 'three' })).toBe(
      'parameter "count" must be a 32-bit integer, got "three"',
    );
    expect(errorOf({ zoneid, count: 2 ** 31 })).toContain('parameter "count" must be a 32-bit integer');
    expect(errorOf({ zoneid, port: 40000 })).toContain('parameter "port" must be a 16-bit integer');
  });

  it('booleans: true/false, also as text', () => {
    expect(schema.parse({ zoneid, startvm: 'TRUE' })).toMatchObject({ startvm: true });
    expect(schema.parse({ zoneid, startvm: false })).toMatchObject({ startvm: false });
    expect(errorOf({ zoneid, startvm: 'yes' })).toBe('parameter "startvm" must be true or false, got "yes"');
  });

  it('strings: text up to the length listApis gives; numbers become text; secrets are not echoed', () => {
    expect(schema.parse({ zoneid, name: 12 })).toMatchObject({ name: '12' });
    expect(errorOf({ zoneid, name: 'x'.repeat(11) })).toBe(
      'parameter "name" must be at most 10 characters, got 11',
    );
    expect(errorOf({ zoneid, password: 'hunter2-secret' })).not.toContain('hunter2');
    expect(errorOf({ zoneid, name: { a: 1 } })).toBe('parameter "name" must be a string, got an object');
  });

  it('dates: CloudStack date text', () => {
    expect(schema.parse({ zoneid, startdate: '2024-01-31' })).toMatchObject({ startdate: '2024-01-31' });
    expect(schema.parse({ zoneid, startdate: '2024-01-31 13:45:00' })).toMatchObject({
      startdate: '2024-01-31 13:45:00',
    });
    expect(schema.parse({ zoneid, startdate: '2024-01-31T13:45:00+0000' })).toMatchObject({
      startdate: '2024-01-31T13:45:00+0000',
    });
    expect(errorOf({ zoneid, startdate: new Date() })).toContain('got a Date');
    expect(errorOf({ zoneid, startdate: 'yesterday' })).toContain(
      'parameter "startdate" must be a date like 2024-01-31',
    );
  });

  it('lists: arrays or one comma-joined string', () => {
    expect(schema.parse({ zoneid, ids: ['a', 2] })).toMatchObject({ ids: ['a', '2'] });
    expect(schema.parse({ zoneid, ids: 'a, b,,c' })).toMatchObject({ ids: ['a', 'b', 'c'] });
    expect(errorOf({ zoneid, ids: [{ a: 1 }] })).toContain('parameter "ids" must be an array of values');
  });

  it('maps: one record or an array of records of plain values', () => {
    expect(schema.parse({ zoneid, details: { cpuNumber: 2 } })).toMatchObject({ details: { cpuNumber: 2 } });
    const tags = [{ key: 'env', value: 'prod' }];
    expect(schema.parse({ zoneid, details: tags })).toMatchObject({ details: tags });
    expect(errorOf({ zoneid, details: 'env=prod' })).toContain(
      'parameter "details" must be an object of plain values',
    );
    expect(schema.parse({ zoneid, options: { a: true } })).toMatchObject({ options: { a: true } });
  });

  it('unknown types fall back to string', () => {
    expect(schema.parse({ zoneid, schedule: '0 * * * *' })).toMatchObject({ schedule: '0 * * * *' });
    expect(errorOf({ zoneid, schedule: ['x'] })).toBe('parameter "schedule" must be a string, got an array');
  });

  it('makes JSON Schema for tools (input side)', async () => {
    const { z } = await import('zod');
    const json = z.toJSONSchema(schema, { io: 'input' }) as {
      required?: string[];
      additionalProperties?: boolean;
    };
    expect(json.required).toEqual(['zoneid']);
    expect(json.additionalProperties).toBe(false);
  });
});

describe('response schemas at run time', () => {
  const listDoc = {
    name: 'listWidgets',
    response: [
      { name: 'id', type: 'string' },
      { name: 'size', type: 'long' },
      { name: 'enabled', type: 'boolean' },
      { name: 'parts', type: 'set', response: [{ name: 'name', type: 'string' }] },
    ],
  };
  const response = responseSchemaFromDoc(listDoc);

  it('accepts lists, empty lists and extra fields; normalises lenient scalars', () => {
    expect(response.parse({})).toEqual({});
    expect(
      response.parse({
        count: 1,
        widget: [{ id: 7, size: '12', enabled: 'true', parts: [{ name: 'p' }], extra: 1 }],
      }),
    ).toEqual({ count: 1, widget: [{ id: '7', size: 12, enabled: true, parts: [{ name: 'p' }], extra: 1 }] });
  });

  it('rejects what the docs rule out', () => {
    expect(response.safeParse({ widget: [{ enabled: {} }] }).success).toBe(false);
    expect(response.safeParse({ widget: [{ parts: 'p' }] }).success).toBe(false);
    expect(response.safeParse({ count: 'many' }).success).toBe(false);
  });

  it('builds a response object, or a parameter, that several APIs share once for all of them', () => {
    // Another API answering with the same parts (descriptions aside) and taking the same zoneid.
    const other = responseSchemaFromDoc({
      name: 'createGadget',
      response: [
        {
          name: 'parts',
          type: 'list',
          description: 'its parts',
          response: [{ name: 'name', type: 'string' }],
        },
      ],
    }) as unknown as z.ZodObject;
    const parts = (schema: z.ZodObject) => (schema.shape.parts as z.ZodOptional<z.ZodArray>).unwrap().element;
    const item = (
      (response as unknown as z.ZodObject).shape.widget as z.ZodOptional<z.ZodArray<z.ZodObject>>
    ).unwrap().element;
    const gadget = other.shape.gadget as z.ZodOptional<z.ZodObject>;
    expect(parts(gadget.unwrap())).toBe(parts(item));
    const zoneOf = (schema: unknown) => (schema as z.ZodObject).shape.zoneid;
    expect(zoneOf(paramsSchemaFromDoc({ name: 'other', params: [doc.params[0]] }))).toBe(zoneOf(schema));
  });
});
