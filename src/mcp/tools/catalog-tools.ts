// Finding and reading APIs from the catalog, without calling CloudStack: how an agent reaches the ~700
// APIs that have no tool of their own.
import { z } from 'zod';
import { describeEntry } from '../../catalog/describe.js';
import { ToolError } from '../errors.js';
import { defineTool, type ToolContext } from './types.js';

function firstSentence(text: string, max = 110): string {
  const sentence = text.split(/(?<=\.)\s/)[0] ?? text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/** The catalog's entry for a name, or unknown_api (saying whether the catalog may lack it: catalogComplete). */
export function lookUpApi(context: ToolContext, api: string) {
  const { catalog } = context;
  const found = catalog.lookup(api);
  if (found.found) return found.entry;
  const hint = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.join(', ')}?` : '';
  if (!catalog.complete) {
    // Only the bindings so far: CloudStack's own list could not be read, so the API may well exist.
    throw new ToolError(
      'unknown_api',
      `"${api}" is not in the bindings, and CloudStack's live API list (listApis) could not be read yet, so the API may exist: try again once CloudStack answers.${hint}`,
      { suggestions: found.suggestions, catalogComplete: false },
    );
  }
  throw new ToolError('unknown_api', `Unknown API "${api}".${hint} Use searchApis to find APIs by words.`, {
    suggestions: found.suggestions,
  });
}

/**
 * lookUpApi for a name an agent gave: when the catalog lacks it and the live listApis has not been read
 * yet, reads it first (rate-limited, see catalog/refresh.ts), so an API CloudStack has is not called unknown.
 */
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

export const searchApisTool = defineTool({
  name: 'searchApis',
  title: 'Search CloudStack APIs',
  description:
    'Find CloudStack APIs by words (e.g. "volume snapshot", "firewall rule"). Then describeApi for parameters, callApi to run.',
  toolset: 'catalog',
  inputSchema: z.object({
    query: z.string().min(1).describe('words'),
    limit: z.number().int().min(1).max(30).optional().describe('default 10'),
  }),
  outputSchema: z.object({ apis: z.array(z.looseObject({ name: z.string() })) }),
  annotations: localAnnotations,
  commands: [],
  handler: async (args, context) => {
    // The policy filters inside the search, before the limit: refused APIs take no places.
    const hits = context.catalog.search(args.query, {
      limit: args.limit ?? 10,
      allow: (entry) => context.policy.check(entry.definition.name, entry.apiClass).allowed,
    });
    const apis = hits.map((hit) => ({
      name: hit.name,
      class: hit.entry.apiClass,
      async: hit.entry.definition.isAsync,
      description: firstSentence(hit.entry.definition.description),
    }));
    return { apis };
  },
});

export const describeApiTool = defineTool({
  name: 'describeApi',
  title: 'Describe a CloudStack API',
  description: "An API's parameters (types, which are required) and response fields, for callApi.",
  toolset: 'catalog',
  inputSchema: z.object({ api: z.string().describe('API name, e.g. createVolume') }),
  outputSchema: z.looseObject({ name: z.string(), params: z.array(z.unknown()) }),
  annotations: localAnnotations,
  commands: [],
  handler: async (args, context, extra) => {
    const entry = await findApi(context, args.api, extra.signal);
    const decision = context.policy.check(entry.definition.name, entry.apiClass);
    const description = describeEntry(entry);
    return decision.allowed ? description : { ...description, refusedHere: decision.reason };
  },
});
