// Finding and reading APIs from the catalog, without calling CloudStack: how an agent reaches the ~700
// APIs that have no tool of their own.
import { z } from 'zod';
import { describeEntry } from '../../catalog/describe.js';
import { keyParams } from '../../catalog/key-params.js';
import type { ApiParamDoc } from '../../cloudstack/binding.js';
import { ToolError } from '../errors.js';
import { defineTool, type ToolContext } from './types.js';

function firstSentence(text: string, max = 90): string {
  const sentence = (text.split(/(?<=\.)\s/)[0] ?? text).trim();
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/** The catalog's entry for a name, or unknown_api (saying whether the catalog may lack it: catalogComplete). */
export function lookUpApi(context: ToolContext, api: string) {
  const { catalog } = context;
  const found = catalog.lookup(api);
  if (found.found) return found.entry;
  const hint = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.join(', ')}?` : '';
  // The did-you-mean names are said in the message only.
  if (!catalog.complete) {
    // Only the bindings so far: CloudStack's own list could not be read, so the API may well exist.
    throw new ToolError(
      'unknown_api',
      `"${api}" is not in the bindings, and CloudStack's live API list (listApis) could not be read yet, so the API may exist: try again once CloudStack answers.${hint}`,
      { catalogComplete: false },
    );
  }
  throw new ToolError('unknown_api', `Unknown API "${api}".${hint} Use searchApis to find APIs by words.`);
}

/**
 * lookUpApi for a name an agent gave: when the catalog lacks it and the live listApis has not been read
 * yet, reads it first (rate-limited, see catalog/refresh.ts), so an API CloudStack has is not called unknown.
 */
/** `promise`, or until `signal` aborts (the read goes on for others). */
function waitUnlessAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  return Promise.race([
    promise,
    new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  ]);
}

export async function findApi(context: ToolContext, api: string, signal?: AbortSignal) {
  const { catalog } = context;
  if (!catalog.get(api) && !catalog.complete) await catalog.live?.refresh(signal);
  return lookUpApi(context, api);
}

const localAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/** The hits that carry their key parameters, so that finding and calling is two steps, not three. */
const HITS_WITH_PARAMS = 3;

/** `{name: type}` of each parameter. */
function typesOf(docs: readonly ApiParamDoc[]): Record<string, string> {
  return Object.fromEntries(docs.map((doc) => [doc.name, doc.type]));
}

export const searchApisTool = defineTool({
  name: 'searchApis',
  title: 'Search CloudStack APIs',
  description: 'Find APIs by words ("add firewall rule"); top hits carry their main parameters.',
  toolset: 'catalog',
  inputSchema: z.object({
    query: z.string().min(1).describe('words'),
    limit: z.number().int().min(1).max(30).optional(),
  }),
  // `apis`, and `partial` when the catalog is not the whole of CloudStack's (open: tools/list stays short).
  outputSchema: z.looseObject({ apis: z.array(z.unknown()) }),
  annotations: localAnnotations,
  commands: [],
  handler: async (args, context, extra) => {
    // A server answers initialize before its first read of listApis ends: a search waits for that read.
    const first = context.catalog.complete ? undefined : context.catalog.live?.first;
    if (first) await waitUnlessAborted(first, extra.signal);
    // The policy filters inside the search, before the limit: refused APIs take no places.
    const hits = context.catalog.search(args.query, {
      limit: args.limit ?? 8,
      allow: (entry) => context.policy.check(entry.definition.name, entry.apiClass).allowed,
    });
    const apis = hits.map((hit, index) => {
      const { definition } = hit.entry;
      const api: { name: string; [key: string]: unknown } = {
        name: hit.name,
        class: hit.entry.apiClass,
        description: firstSentence(definition.description),
      };
      if (definition.isAsync) api.async = true;
      if (index < HITS_WITH_PARAMS) {
        const { required, optional } = keyParams(definition);
        api.required = typesOf(required);
        if (optional.length > 0) api.optional = optional.map((doc) => doc.name);
      }
      return api;
    });
    // Said where an empty or thin answer would otherwise read as "CloudStack has no such API".
    const { partial } = context.catalog;
    return partial ? { apis, partial: `${partial}; an API not found here may exist` } : { apis };
  },
});

export const describeApiTool = defineTool({
  name: 'describeApi',
  title: 'Describe a CloudStack API',
  description: "An API's parameters: types, which are required.",
  toolset: 'catalog',
  inputSchema: z.object({
    api: z.string().describe('API name'),
    full: z.boolean().optional().describe('also response fields, page/pagesize'),
  }),
  outputSchema: z.looseObject({ name: z.string(), params: z.array(z.unknown()) }),
  annotations: localAnnotations,
  commands: [],
  handler: async (args, context, extra) => {
    const entry = await findApi(context, args.api, extra.signal);
    const decision = context.policy.check(entry.definition.name, entry.apiClass);
    const description = describeEntry(entry, { full: args.full === true });
    return decision.allowed ? description : { ...description, refusedHere: decision.reason };
  },
});
