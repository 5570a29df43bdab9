// The everyday listings: zones, templates, service offerings, networks, VMs. Compact items by default,
// `fields` for others, `limit` + `nextCursor` for long lists.
import { z } from 'zod';
import type { ApiParams } from '../../cloudstack/types.js';
import { ToolError } from '../errors.js';
import { openCursor, readList } from '../listing.js';
import { acceptedParams, resolveResource } from '../resolve.js';
import { type JsonObject, normaliseFields } from '../shape.js';
import {
  projectNetwork,
  projectServiceOffering,
  projectTemplate,
  projectVm,
  projectZone,
} from './projections.js';
import { cursorInput, fieldsInput, keywordInput, limitInput, listOutput, zoneInput } from './schemas.js';
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
}

/** Shared by the list tools: a cursor wins over the filters, since it carries the first call's. */
async function listWith(
  context: ToolContext,
  extra: CallExtra,
  command: string,
  args: PagingArgs,
  buildParams: () => Promise<ApiParams>,
  project: (item: JsonObject) => JsonObject,
) {
  const entry = context.catalog.get(command);
  if (!entry) throw new ToolError('unknown_api', `${command} is not in this server's API catalog`);
  const limit = Math.min(args.limit ?? context.limits.defaultLimit, context.limits.maxLimit);
  const cursor = args.cursor ? openCursor(context, args.cursor, command) : undefined;
  const fields = normaliseFields(args.fields) ?? cursor?.fields;
  return readList(context, {
    entry,
    params: cursor ? cursor.params : acceptedParams(context, command, await buildParams()),
    limit,
    ...(cursor ? { start: cursor.start } : {}),
    ...(cursor?.pageSize ? { pageSize: cursor.pageSize } : {}),
    ...(fields ? { fields } : {}),
    project,
    signal: extra.signal,
  });
}

async function zoneId(context: ToolContext, zone: string | undefined, signal: AbortSignal) {
  return zone === undefined ? undefined : (await resolveResource(context, 'zone', zone, { signal })).id;
}

function withDefined(params: Record<string, unknown>): ApiParams {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as ApiParams;
}

export const listZonesTool = defineTool({
  name: 'listZones',
  title: 'List zones',
  description: 'List the zones (data centers) VMs can be deployed in.',
  toolset: 'inventory',
  inputSchema: z.object({
    keyword: keywordInput,
    limit: limitInput,
    cursor: cursorInput,
    fields: fieldsInput,
  }),
  outputSchema: listOutput,
  annotations: readAnnotations,
  commands: ['listZones'],
  handler: (args, context, extra) =>
    listWith(
      context,
      extra,
      'listZones',
      args,
      async () => withDefined({ keyword: args.keyword }),
      projectZone,
    ),
});

const templateFilters = ['executable', 'featured', 'self', 'community'] as const;

export const listTemplatesTool = defineTool({
  name: 'listTemplates',
  title: 'List templates',
  description: 'List the OS templates (images) VMs can be deployed from.',
  toolset: 'inventory',
  inputSchema: z.object({
    zone: zoneInput,
    keyword: keywordInput,
    filter: z.enum(templateFilters).optional().describe('which templates (default executable)'),
    limit: limitInput,
    cursor: cursorInput,
    fields: fieldsInput,
  }),
  outputSchema: listOutput,
  annotations: readAnnotations,
  commands: ['listTemplates'],
  handler: (args, context, extra) =>
    listWith(
      context,
      extra,
      'listTemplates',
      args,
      async () =>
        withDefined({
          templatefilter: args.filter ?? 'executable',
          zoneid: await zoneId(context, args.zone, extra.signal),
          keyword: args.keyword,
        }),
      projectTemplate,
    ),
});

export const listServiceOfferingsTool = defineTool({
  name: 'listServiceOfferings',
  title: 'List service offerings',
  description: 'List the service offerings (VM sizes: CPUs, memory).',
  toolset: 'inventory',
  inputSchema: z.object({
    zone: zoneInput,
    keyword: keywordInput,
    limit: limitInput,
    cursor: cursorInput,
    fields: fieldsInput,
  }),
  outputSchema: listOutput,
  annotations: readAnnotations,
  commands: ['listServiceOfferings'],
  handler: (args, context, extra) =>
    listWith(
      context,
      extra,
      'listServiceOfferings',
      args,
      async () =>
        withDefined({ zoneid: await zoneId(context, args.zone, extra.signal), keyword: args.keyword }),
      projectServiceOffering,
    ),
});

export const listNetworksTool = defineTool({
  name: 'listNetworks',
  title: 'List networks',
  description: 'List the guest networks VMs can be attached to.',
  toolset: 'inventory',
  inputSchema: z.object({
    zone: zoneInput,
    keyword: keywordInput,
    limit: limitInput,
    cursor: cursorInput,
    fields: fieldsInput,
  }),
  outputSchema: listOutput,
  annotations: readAnnotations,
  commands: ['listNetworks'],
  handler: (args, context, extra) =>
    listWith(
      context,
      extra,
      'listNetworks',
      args,
      async () =>
        withDefined({
          zoneid: await zoneId(context, args.zone, extra.signal),
          keyword: args.keyword,
          listall: true,
        }),
      projectNetwork,
    ),
});

export const listVirtualMachinesTool = defineTool({
  name: 'listVirtualMachines',
  title: 'List virtual machines',
  description: 'List VMs with state, zone, template, size and IP.',
  toolset: 'inventory',
  inputSchema: z.object({
    zone: zoneInput,
    state: z.string().optional().describe('e.g. Running, Stopped'),
    keyword: keywordInput,
    limit: limitInput,
    cursor: cursorInput,
    fields: fieldsInput,
  }),
  outputSchema: listOutput,
  annotations: readAnnotations,
  commands: ['listVirtualMachines'],
  handler: (args, context, extra) =>
    listWith(
      context,
      extra,
      'listVirtualMachines',
      args,
      async () =>
        withDefined({
          zoneid: await zoneId(context, args.zone, extra.signal),
          state: args.state,
          keyword: args.keyword,
          listall: true,
        }),
      projectVm,
    ),
});

export const inventoryTools: ToolDefinition[] = [
  listZonesTool,
  listTemplatesTool,
  listServiceOfferingsTool,
  listNetworksTool,
  listVirtualMachinesTool,
];
