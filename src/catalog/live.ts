// APIs the live server knows but the bindings do not (a newer CloudStack): its listApis answer becomes
// catalog definitions built at run time by codegen's own rules (codegen/zod-runtime.ts), request and
// response schemas alike, so a live-only API is checked as strictly as a generated one.
import { z } from 'zod';
import { definitionFromDoc } from '../../codegen/zod-runtime.js';
import type { ApiDefinition, ApiParamDoc, ApiResponseDoc } from '../cloudstack/binding.js';
import type { CloudStackCaller } from '../cloudstack/types.js';

/** One entry of listApis as CloudStack sends it. */
export interface RawApiDoc {
  name: string;
  description?: string;
  isasync?: boolean;
  since?: string;
  related?: string;
  params?: RawParamDoc[];
  response?: RawResponseDoc[];
}

export interface RawParamDoc {
  name: string;
  description?: string;
  type?: string;
  required?: boolean;
  length?: number;
  since?: string;
  related?: string;
}

export interface RawResponseDoc {
  name?: string;
  description?: string;
  type?: string;
  response?: RawResponseDoc[];
}

/** Builds the request schema of one API from its listApis entry (codegen's run-time builder). */
export type ParamsSchemaBuilder = (doc: RawApiDoc) => z.ZodType<Record<string, unknown>>;

function splitRelated(related: string | undefined): string[] {
  return (related ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

function responseDocs(raw: readonly RawResponseDoc[] | undefined): ApiResponseDoc[] {
  const docs: ApiResponseDoc[] = [];
  for (const field of raw ?? []) {
    if (!field.name) continue; // listApis has empty `{}` entries
    const doc: ApiResponseDoc = {
      name: field.name,
      type: field.type ?? 'string',
      description: field.description ?? '',
    };
    if (field.response && field.response.length > 0) doc.fields = responseDocs(field.response);
    docs.push(doc);
  }
  return docs;
}

/**
 * The docs of an entry as listApis gives them, with `buildParams`' request schema and an unchecked
 * response: for entries codegen cannot model (and for tests that only need the docs).
 */
export function definitionFromListApis(raw: RawApiDoc, buildParams: ParamsSchemaBuilder): ApiDefinition {
  const paramDocs: ApiParamDoc[] = (raw.params ?? []).map((param) => {
    const doc: ApiParamDoc = {
      name: param.name,
      type: param.type ?? 'string',
      required: param.required === true,
      description: param.description ?? '',
    };
    if (param.length !== undefined) doc.length = param.length;
    if (param.since) doc.since = param.since;
    const related = splitRelated(param.related);
    if (related.length > 0) doc.related = related;
    return doc;
  });
  let params: z.ZodType<Record<string, unknown>> | undefined;
  return {
    name: raw.name,
    isAsync: raw.isasync === true,
    since: raw.since || undefined,
    description: raw.description ?? '',
    related: splitRelated(raw.related),
    paramDocs,
    responseDocs: responseDocs(raw.response),
    get params() {
      params ??= buildParams(raw);
      return params;
    },
    response: z.unknown(),
  };
}

/**
 * A live-only API as the generated bindings would have it: codegen's model of the entry, its request and
 * response schemas built on first use. An entry codegen refuses keeps its docs, `buildParams`' request
 * schema and an unchecked response, rather than being dropped.
 */
export function liveDefinition(raw: RawApiDoc, buildParams: ParamsSchemaBuilder): ApiDefinition {
  try {
    return definitionFromDoc(raw);
  } catch {
    return definitionFromListApis(raw, buildParams);
  }
}

/** Asks the server for its APIs (listApis, which CloudStack filters by the caller's role). */
export async function fetchLiveApis(
  caller: CloudStackCaller,
  buildParams: ParamsSchemaBuilder,
  signal?: AbortSignal,
): Promise<ApiDefinition[]> {
  const answer = await caller.request<{ api?: RawApiDoc[] }>('listApis', {}, signal ? { signal } : {});
  return (answer.api ?? []).filter((doc) => doc.name).map((doc) => liveDefinition(doc, buildParams));
}
