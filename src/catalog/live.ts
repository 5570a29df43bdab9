// APIs the live server knows but the bindings do not (a newer CloudStack): its listApis answer becomes
// catalog definitions built at run time by the same rules codegen uses (src/cloudstack/schemas-from-doc.ts), request and
// response schemas alike, so a live-only API is checked as strictly as a generated one.
import { z } from 'zod';
import type { ApiDefinition, ApiParamDoc, ApiResponseDoc } from '../cloudstack/binding.js';
import { definitionFromDoc } from '../cloudstack/schemas-from-doc.js';
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
 * The docs of an entry as listApis gives them, with unchecked values and response: for entries codegen
 * cannot model (parameter names are still checked against the docs), and for tests that only need the docs.
 */
export function definitionFromListApis(raw: RawApiDoc): ApiDefinition {
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
  return {
    name: raw.name,
    isAsync: raw.isasync === true,
    since: raw.since || undefined,
    description: raw.description ?? '',
    related: splitRelated(raw.related),
    paramDocs,
    responseDocs: responseDocs(raw.response),
    params: z.record(z.string(), z.unknown()),
    response: z.unknown(),
  };
}

/**
 * A live-only API as the generated bindings would have it: codegen's model of the entry, its request and
 * response schemas built on first use. An entry codegen refuses keeps its docs with unchecked values,
 * rather than being dropped (codegen's params builder would refuse it too: both start from its model).
 */
export function liveDefinition(raw: RawApiDoc): ApiDefinition {
  try {
    return definitionFromDoc(raw);
  } catch {
    return definitionFromListApis(raw);
  }
}

/** Asks the server for its APIs (listApis, which CloudStack filters by the caller's role). */
export async function fetchLiveApis(
  caller: CloudStackCaller,
  signal?: AbortSignal,
): Promise<ApiDefinition[]> {
  const answer = await caller.request<{ api?: RawApiDoc[] }>('listApis', {}, signal ? { signal } : {});
  return (answer.api ?? []).filter((doc) => doc.name).map((doc) => liveDefinition(doc));
}
