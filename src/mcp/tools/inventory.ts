// The everyday listings: zones, templates, service offerings, networks, VMs. Concise columns + rows by
// default (`format: detailed` for records), `fields` for others, `limit` + `nextCursor` for long lists,
// `query` to reduce the whole list on the server.
import { z } from 'zod';
import type { ApiParams } from '../../cloudstack/types.js';
import { openCursor, readList, tabulate } from '../listing.js';
import { checkQueryArgs, QUERY_DEFAULT_CAP, queryList } from '../query.js';
import { acceptedParams, resolveResource } from '../resolve.js';
import { normaliseFields, withoutUndefined } from '../shape.js';
import { lookUpApi } from './catalog-tools.js';
import { viewsOf } from './projections.js';
import {
  cursorInput,
  fieldsInputFor,
  formatInput,
  keywordInput,
  limitInput,
  listOutput,
  queryInputFor,
  vmStateInput,
  zoneInput,
} from './schemas.js';
import { type CallExtra, defineTool, type ToolContext, type ToolDefinition } from './types.js';

const readAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

interface PagingArgs {
  limit?: number | undefined;
  cursor?: string | undefined;
  fields?: string[] | undefined;
  query?: string | undefined;
  format?: 'concise' | 'detailed' | undefined;
}

/** Shared by the list tools: a cursor wins over the filters, since it carries the first call's. */
async function listWith(
  context: ToolContext,
  extra: CallExtra,
  command: string,
  args: PagingArgs,
  buildParams: () => Promise<ApiParams>,
): Promise<{ count: number; [field: string]: unknown }> {
  const entry = lookUpApi(context, command);
  if (args.query !== undefined) {
    checkQueryArgs(args);
    const params = acceptedParams(context, command, await buildParams());
    // `limit` here says how many items to return, which a query decides itself (`[:5]`): an agent passing
    // both means the top 5 of all, not of the first 5, so the reading goes to the cap whatever `limit` says.
    return {
      ...(await queryList(context, { entry, params, signal: extra.signal }, args.query, QUERY_DEFAULT_CAP)),
    };
  }
  const views = viewsOf(command);
  const concise = args.format !== 'detailed';
  const limit = Math.min(args.limit ?? context.limits.defaultLimit, context.limits.maxLimit);
  const cursor = args.cursor ? openCursor(context, args.cursor, command) : undefined;
  const fields = normaliseFields(args.fields) ?? cursor?.fields;
  const window = await readList(context, {
    entry,
    params: cursor ? cursor.params : acceptedParams(context, command, await buildParams()),
    limit,
    ...(cursor ? { cursor } : {}),
    ...(fields ? { fields } : {}),
    project: concise ? views.concise : views.detailed,
    signal: extra.signal,
  });
  return concise ? tabulate(window) : { ...window };
}

async function zoneId(context: ToolContext, zone: string | undefined, signal: AbortSignal) {
  return zone === undefined ? undefined : (await resolveResource(context, 'zone', zone, { signal })).id;
}

const pagingInput = {
  limit: limitInput,
  cursor: cursorInput,
  format: formatInput,
};

const zoneFilters = { zone: zoneInput, keyword: keywordInput };

/** The zone (name or id) and keyword filters as CloudStack parameters. */
async function zoneParams(
  args: { zone?: string | undefined; keyword?: string | undefined },
  context: ToolContext,
  signal: AbortSignal,
) {
  return { zoneid: await zoneId(context, args.zone, signal), keyword: args.keyword };
}

/**
 * One curated list tool: its filters (before the shared limit, cursor and fields), how they become
 * CloudStack parameters (names resolved to ids). Its items' views are projections.ts's curatedViews.
 */
function listTool<F extends z.ZodRawShape>(spec: {
  name: string;
  title: string;
  description: string;
  filters: F;
  params: (
    args: z.output<z.ZodObject<F>>,
    context: ToolContext,
    signal: AbortSignal,
  ) => Promise<Record<string, unknown>>;
  /** A `fields` example, where dotted paths into nested records are likely (callApi says what fields do). */
  fields?: string;
  /** A `query` example, said only where big lists are likely (every character is in tools/list). */
  queryExample?: string;
}): ToolDefinition {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    toolset: 'inventory',
    inputSchema: z.object({
      ...spec.filters,
      ...pagingInput,
      query: queryInputFor(spec.queryExample),
      fields: fieldsInputFor(spec.fields),
    }),
    outputSchema: listOutput,
    annotations: readAnnotations,
    commands: [spec.name],
    handler: (args, context, extra) => {
      // The schema is the filters plus the paging arguments, so the parsed arguments are both.
      const given = args as z.output<z.ZodObject<F>> & PagingArgs;
      const params = async () =>
        withoutUndefined(await spec.params(given, context, extra.signal)) as ApiParams;
      return listWith(context, extra, spec.name, given, params);
    },
  });
}

export const listZonesTool = listTool({
  name: 'listZones',
  title: 'List zones',
  description: 'Zones (data centers) to deploy VMs in.',
  filters: { keyword: keywordInput },
  params: async (args) => ({ keyword: args.keyword }),
});

const templateFilters = ['executable', 'featured', 'self', 'community'] as const;

export const listTemplatesTool = listTool({
  name: 'listTemplates',
  title: 'List templates',
  description: 'OS templates (images) to deploy VMs from.',
  filters: {
    ...zoneFilters,
    filter: z.enum(templateFilters).optional().describe('default executable'),
  },
  params: async (args, context, signal) => ({
    templatefilter: args.filter ?? 'executable',
    ...(await zoneParams(args, context, signal)),
  }),
});

export const listServiceOfferingsTool = listTool({
  name: 'listServiceOfferings',
  title: 'List service offerings',
  description: 'Service offerings: VM sizes (CPUs, memory).',
  filters: zoneFilters,
  params: zoneParams,
});

export const listNetworksTool = listTool({
  name: 'listNetworks',
  title: 'List networks',
  description: 'Guest networks VMs can attach to.',
  filters: zoneFilters,
  params: async (args, context, signal) => ({ ...(await zoneParams(args, context, signal)), listall: true }),
});

export const listVirtualMachinesTool = listTool({
  name: 'listVirtualMachines',
  title: 'List virtual machines',
  description: 'VMs with state, zone, size, IP; query or fields for big lists.',
  filters: {
    zone: zoneInput,
    state: vmStateInput,
    keyword: keywordInput,
  },
  params: async (args, context, signal) => ({
    ...(await zoneParams(args, context, signal)),
    state: args.state,
    listall: true,
  }),
  fields: 'name, state, nic.ipaddress',
  queryExample: 'sort_by(@,&memory)[-5:]',
});

export const inventoryTools: ToolDefinition[] = [
  listZonesTool,
  listTemplatesTool,
  listServiceOfferingsTool,
  listNetworksTool,
  listVirtualMachinesTool,
];
