// Schemas at run time from a listApis entry, for APIs a live server has but the generated bindings do not.
// Same model (api-model.ts), same table (type-map.ts) and same zod helpers (runtime-helpers.ts) as the
// generated code, so both check a parameter the same way. No ts-morph here: src/catalog may import this.
import type { z } from 'zod';
import type { ApiDefinition } from '../src/cloudstack/binding.js';
import { type ApiModel, buildModel, type ObjectModel } from './api-model.js';
import { normaliseApiEntry } from './normalise.js';
import { define, p, r } from './runtime-helpers.js';
import { paramHelperArgs } from './type-map.js';

/** The model of one listApis entry (validated and normalised first). */
export function apiModelFromDoc(doc: unknown): ApiModel {
  const api = normaliseApiEntry(doc);
  return buildModel({ count: 1, api: [api] }).apis[0] as ApiModel;
}

function paramsSchemaOf(model: ApiModel): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const param of model.params) {
    const build = p[param.rule.helper] as (name: string, ...args: number[]) => z.ZodType;
    const schema = build(param.name, ...paramHelperArgs(param.rule.helper, param.length));
    shape[param.name] = param.required ? schema : schema.optional();
  }
  return p.params<Record<string, unknown>>(model.name, shape);
}

function objectSchemaOf(object: ObjectModel): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of object.fields) {
    if (field.kind === 'scalar') shape[field.name] = r[field.rule.helper]();
    else if (field.kind === 'array') shape[field.name] = r.array(objectSchemaOf(field.object));
    else shape[field.name] = objectSchemaOf(field.object);
  }
  return r.object<Record<string, unknown>>(shape);
}

function responseSchemaOf(model: ApiModel): z.ZodType<Record<string, unknown>> {
  const body = objectSchemaOf(model.body);
  switch (model.shape.kind) {
    case 'list':
      return r.object({ count: r.number(), [model.shape.itemKey]: r.array(body) });
    case 'object':
      return r.object({ [model.shape.key]: body });
    case 'flat':
      return body;
  }
}

/** The zod schema of an API's parameters, from its listApis entry (same rules as the generated code). */
export function paramsSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  return paramsSchemaOf(apiModelFromDoc(doc));
}

/** The zod schema of an API's unwrapped response (for async APIs: the job result), from its listApis entry. */
export function responseSchemaFromDoc(doc: unknown): z.ZodType<Record<string, unknown>> {
  return responseSchemaOf(apiModelFromDoc(doc));
}

/** A complete `apis`-style entry from a listApis entry: docs now, schemas on first use. */
export function definitionFromDoc(
  doc: unknown,
): ApiDefinition<Record<string, unknown>, Record<string, unknown>> {
  const model = apiModelFromDoc(doc);
  return define({
    name: model.name,
    isAsync: model.isAsync,
    ...(model.since ? { since: model.since } : {}),
    description: model.description,
    related: model.related,
    paramDocs: model.paramDocs,
    responseDocs: model.responseDocs,
    params: () => paramsSchemaOf(model),
    response: () => responseSchemaOf(model),
  });
}
