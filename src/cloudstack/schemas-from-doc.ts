// Schemas at run time from a listApis entry, for APIs a live server has but the generated bindings do not.
// The entry is normalised as codegen normalises a dump (listapis.ts) and turned into the same docs the
// generated bindings carry; the schemas are built from those docs by the functions the generated `apis`
// entries use (schema-helpers.ts), so both check a parameter the same way.
import type { z } from 'zod';
import type { ApiDefinition } from './binding.js';
import { normaliseApiEntry, paramDocsOf, responseDocsOf } from './listapis.js';
import { define, paramsSchemaOfDocs, responseSchemaOfDocs } from './schema-helpers.js';

/** The zod schema of an API's parameters, from its listApis entry (same rules as the generated code). */
export function paramsSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  const api = normaliseApiEntry(doc);
  return paramsSchemaOfDocs(api.name, paramDocsOf(api));
}

/** The zod schema of an API's unwrapped response (for async APIs: the job result), from its listApis entry. */
export function responseSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  const api = normaliseApiEntry(doc);
  return responseSchemaOfDocs(api.name, responseDocsOf(api.response));
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
  });
}
