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

export function lookUpApi(context: ToolContext, api: string) {
  const found = context.catalog.lookup(api);
  if (found.found) return found.entry;
  const hint = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.join(', ')}?` : '';
  // The did-you-mean names are said in the message only.
  throw new ToolError('unknown_api', `Unknown API "${api}".${hint} Use searchApis to find APIs by words.`);
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
  handler: async (args, context) => {
    const entry = lookUpApi(context, args.api);
    const decision = context.policy.check(entry.definition.name, entry.apiClass);
    const description = describeEntry(entry);
    return decision.allowed ? description : { ...description, refusedHere: decision.reason };
  },
});
