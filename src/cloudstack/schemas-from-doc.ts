// Schemas at run time from a listApis entry, for APIs a live server has but the generated bindings do not.
// Same normalising (listapis.ts), same table (type-map.ts), same shape rule (response-shape.ts) and same zod
// helpers (schema-helpers.ts) as the generated code, so both check a parameter the same way.
import type { z } from 'zod';
import type { ApiDefinition } from './binding.js';
import {
  type DumpApi,
  type DumpResponseField,
  normaliseApiEntry,
  paramDocsOf,
  responseDocsOf,
} from './listapis.js';
import { responseShape } from './response-shape.js';
import { define, p, r } from './schema-helpers.js';
import { isListType, paramHelperArgs, paramTypeRule, responseTypeRule } from './type-map.js';

function paramsSchemaOf(api: DumpApi): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const param of api.params) {
    const { rule } = paramTypeRule(param.type);
    const build = p[rule.helper] as (name: string, ...args: number[]) => z.ZodType;
    const schema = build(param.name, ...paramHelperArgs(rule.helper, param.length));
    shape[param.name] = param.required ? schema : p.optional(schema);
  }
  return p.params<Record<string, unknown>>(api.name, shape);
}

function objectSchemaOf(fields: readonly DumpResponseField[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.response) {
      const nested = objectSchemaOf(field.response);
      shape[field.name] = isListType(field.type) ? r.array(nested) : nested;
    } else {
      shape[field.name] = r[responseTypeRule(field.type).rule.helper]();
    }
  }
  return r.object<Record<string, unknown>>(shape);
}

function responseSchemaOf(api: DumpApi): z.ZodType<Record<string, unknown>> {
  const body = objectSchemaOf(api.response);
  const shape = responseShape(
    api.name,
    api.response.map((field) => field.name),
  );
  switch (shape.kind) {
    case 'list':
      return r.object({ count: r.number(), [shape.itemKey]: r.array(body) });
    case 'object':
      return r.object({ [shape.key]: body });
    case 'flat':
      return body;
  }
}

/** The zod schema of an API's parameters, from its listApis entry (same rules as the generated code). */
export function paramsSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  return paramsSchemaOf(normaliseApiEntry(doc));
}

/** The zod schema of an API's unwrapped response (for async APIs: the job result), from its listApis entry. */
export function responseSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  return responseSchemaOf(normaliseApiEntry(doc));
}

/** A complete `apis`-style entry from a listApis entry: docs now, schemas on first use. */
export function definitionFromDoc(
  doc: unknown,
): ApiDefinition<Record<string, unknown>, Record<string, unknown>> {
  const api = normaliseApiEntry(doc);
  return define({
    name: api.name,
    isAsync: api.isasync,
    ...(api.since ? { since: api.since } : {}),
    description: api.description,
    related: api.related ? api.related.split(',') : [],
    paramDocs: paramDocsOf(api),
    responseDocs: responseDocsOf(api.response),
    params: () => paramsSchemaOf(api),
    response: () => responseSchemaOf(api),
  });
}
