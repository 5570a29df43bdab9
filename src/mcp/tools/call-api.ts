// Any CloudStack API by name, checked against the catalog (did-you-mean for typos, required parameters
// named), the policy (read-only, allow/deny) and, for destructive APIs, a confirmation. Async APIs are
// awaited with progress; list APIs answer one window with the total and a cursor, or every page with `all`,
// or a `query`'s result over every item read. Concise by default: lists as columns + rows (the curated
// tool's view for the APIs one covers), other answers without other objects' ids and timestamps.
import { z } from 'zod';
import type { CatalogEntry } from '../../catalog/catalog.js';
import { actingParameter } from '../../catalog/classify.js';
import { redactSecrets } from '../../cloudstack/redact.js';
import type { ApiParams } from '../../cloudstack/types.js';
import { confirmDestructive, consequenceOf, lookUpTarget } from '../confirm.js';
import { ToolError } from '../errors.js';
import { JOB_STATUS_API } from '../guarded-caller.js';
import { awaitJob, startJob } from '../jobs.js';
import { NotAListError, openCursor, pages, readList, tabulate } from '../listing.js';
import { prepareParams } from '../params.js';
import type { Policy } from '../policy.js';
import { checkQueryArgs, QUERY_DEFAULT_CAP, QUERY_MAX_CAP, queryList, queryValue } from '../query.js';
import { compact, fieldsHintFor, normaliseFields, selectFields, unwrapJobResult } from '../shape.js';
import { findApi } from './catalog-tools.js';
import { conciseResult, viewsOf } from './projections.js';
import {
  confirmInput,
  cursorInput,
  fieldsInputFor,
  formatInput,
  jobStatus,
  queryInputFor,
  waitInput,
} from './schemas.js';
import {
  defineTool,
  type FinishedJob,
  type TaskView,
  type ToolContext,
  type ToolDefinition,
} from './types.js';

const DEFAULT_ALL_LIMIT = 1000;

/** Open beyond api and status: a list window, a query's result or a call's, in either format. */
const outputSchema = z.looseObject({ api: z.string(), status: jobStatus });

type Answer = z.input<typeof outputSchema> & {
  jobId?: string;
  result?: unknown;
  hint?: string;
  confirmation?: unknown;
};

/**
 * The result with only `fields`, plus a hint when some of them matched nothing; without fields, in the
 * format asked for. `job`: the job's raw result, which names the kind of object, as it was unwrapped.
 */
function shapeResult(
  result: unknown,
  fields: string[] | undefined,
  concise: boolean,
  job?: unknown,
): { result: unknown; hint?: string } {
  if (!fields && concise) {
    return { result: compact(job === undefined ? conciseResult(result, false) : conciseResult(job, true)) };
  }
  const hint = fieldsHintFor(result, fields);
  if (fields && result && typeof result === 'object' && !Array.isArray(result)) {
    return { result: compact(selectFields(result, fields)), ...(hint ? { hint } : {}) };
  }
  return { result: compact(result) };
}

/**
 * `listall=true` for a list API that takes it, unless the caller said: without it CloudStack lists only the
 * caller's own account's resources, and totals miss every other account the credentials can see (the
 * curated tools pass it too). CloudStack: api/.../BaseListDomainResourcesCmd.java (listAll, default false).
 */
function withListAll(entry: CatalogEntry, params: ApiParams): ApiParams {
  const takes = entry.definition.paramDocs.some((param) => param.name === 'listall');
  if (!takes || !entry.definition.name.startsWith('list') || params.listall !== undefined) return params;
  return { ...params, listall: true };
}

/** An async API's answer once its job succeeded, shaped as the call asked (fields, format, query). */
function finishCallApiJob(view: TaskView, job: FinishedJob, context: ToolContext): Answer {
  const api = String(view.api);
  const result = unwrapJobResult(job.jobresult);
  if (typeof view.query === 'string')
    return { api, status: 'done', jobId: job.jobId, ...queryValue(context, view.query, result) };
  const fields = Array.isArray(view.fields) ? (view.fields as string[]) : undefined;
  return {
    api,
    status: 'done',
    jobId: job.jobId,
    ...shapeResult(result, fields, view.concise !== false, job.jobresult),
  };
}

const definitions = new Map<boolean, ToolDefinition>();

/**
 * callApi's definition depends on the policy: in read-only mode it is a read-only tool. One definition per
 * mode and process, so its tools/list entry is converted once (server.ts caches by definition).
 */
export function callApiTool(policy: Policy): ToolDefinition {
  let tool = definitions.get(policy.readOnly);
  if (!tool) {
    tool = defineCallApi(policy.readOnly);
    definitions.set(policy.readOnly, tool);
  }
  return tool;
}

function defineCallApi(readOnly: boolean): ToolDefinition {
  return defineTool({
    name: 'callApi',
    title: 'Call any CloudStack API',
    description: [
      'Any CloudStack API by name (searchApis finds it); the list and VM tools answer shorter.',
      'Waits for async jobs unless wait:false.',
      readOnly
        ? 'This server is read-only: only read APIs are allowed.'
        : "Destructive APIs need the user's yes.",
    ].join(' '),
    toolset: 'generic',
    inputSchema: z.object({
      api: z.string().describe('API name, e.g. listVolumes'),
      params: z.record(z.string(), z.unknown()).optional().describe('e.g. {"zoneid":"..."}'),
      fields: fieldsInputFor('nic.ipaddress'),
      query: queryInputFor(),
      format: formatInput,
      limit: z.number().int().min(1).max(5000).optional().describe('default 50; 1000 with all or query'),
      all: z.boolean().optional().describe('every page, up to limit'),
      // Said here once for every tool that has them (schemas.ts).
      cursor: cursorInput.describe('a nextCursor'),
      wait: waitInput.describe('false: answer the jobId at once'),
      confirm: confirmInput,
    }),
    outputSchema,
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: !readOnly,
      idempotentHint: readOnly,
      openWorldHint: true,
    },
    commands: [],
    handler: async (args, context, extra): Promise<Answer> => {
      const entry = await findApi(context, args.api, extra.signal);
      const api = entry.definition.name;
      const decision = context.policy.check(api, entry.apiClass);
      if (!decision.allowed)
        throw new ToolError('not_allowed', decision.reason, { api, class: entry.apiClass });

      if (args.query !== undefined) checkQueryArgs(args);
      const cursor = args.cursor ? openCursor(context, args.cursor, api) : undefined;
      const params = cursor ? cursor.params : withListAll(entry, prepareParams(entry, args.params));
      const fields = normaliseFields(args.fields) ?? cursor?.fields;
      const concise = args.format !== 'detailed';

      // A read whose parameters make it act is a write for this call (read-only mode refuses it).
      const apiClass = context.caller.classOf(api, params);
      if (apiClass !== entry.apiClass) {
        const forCall = context.policy.check(api, apiClass);
        if (!forCall.allowed) {
          const acting = actingParameter(api, params);
          throw new ToolError('not_allowed', `${acting ? `${acting.why}: ` : ''}${forCall.reason}`, {
            api,
            class: apiClass,
          });
        }
      }
      const waits = entry.definition.isAsync && args.wait !== false;
      if (waits)
        context.caller.assert(JOB_STATUS_API, {}, 'to wait for the job; pass wait: false to get its id');
      // Refused outright, before anyone is asked to confirm it.
      const identityKnown = await context.caller.assertNotSelf(api, params);

      if (apiClass === 'destructive') {
        const target = await lookUpTarget(context, entry, params, extra.signal);
        const what = target ? ` on ${JSON.stringify(target.shown)}` : '';
        const notes = identityKnown
          ? []
          : [
              'The server could not find out which CloudStack user it is, so it cannot tell whether this call changes its own credentials or access: check that it does not, or the server may lock itself out.',
            ];
        const outcome = await confirmDestructive(
          context,
          extra,
          {
            api,
            params,
            // A password or key given as a parameter is not repeated in the summary.
            summary: `${api} ${JSON.stringify(redactSecrets(params))}${what}`,
            consequence: consequenceOf(api, params),
            ...(target ? { target: target.shown, binding: target.binding } : {}),
            ...(notes.length > 0 ? { notes } : {}),
          },
          args.confirm,
        );
        if (!outcome.proceed) return { api, ...outcome.answer };
      }

      if (entry.definition.isAsync) {
        const job = await startJob(context, api, params, extra);
        if (args.wait === false) return { api, status: 'pending', jobId: job.jobId };
        const view: TaskView = { api, concise };
        if (fields) view.fields = fields;
        if (args.query !== undefined) view.query = args.query;
        const jobresult = await awaitJob(context, job, api, extra, view);
        return finishCallApiJob(view, { jobId: job.jobId, jobresult }, context);
      }

      if (args.query !== undefined && (api.startsWith('list') || pages(entry))) {
        const cap = Math.min(args.limit ?? QUERY_DEFAULT_CAP, QUERY_MAX_CAP);
        try {
          return {
            api,
            status: 'done',
            ...(await queryList(context, { entry, params, signal: extra.signal }, args.query, cap, true)),
          };
        } catch (error) {
          if (!(error instanceof NotAListError)) throw error;
        }
      } else if (api.startsWith('list') || pages(entry)) {
        const all = args.all === true;
        const limit = Math.min(
          args.limit ?? (all ? DEFAULT_ALL_LIMIT : context.limits.defaultLimit),
          all ? 5000 : context.limits.maxLimit,
        );
        try {
          const window = await readList(context, {
            entry,
            params,
            limit,
            all,
            ...(cursor ? { cursor } : {}),
            ...(fields ? { fields } : {}),
            ...(concise ? { project: viewsOf(api).concise } : {}),
            signal: extra.signal,
          });
          return { api, status: 'done', ...(concise ? tabulate(window) : window) };
        } catch (error) {
          // A list* API that does not answer with a list (listCapabilities): fall through to a plain call.
          if (!(error instanceof NotAListError)) throw error;
        }
      }
      const answer = await context.caller.request(api, params, { signal: extra.signal });
      if (args.query !== undefined)
        return { api, status: 'done', ...queryValue(context, args.query, answer) };
      return { api, status: 'done', ...shapeResult(answer, fields, concise) };
    },
    // Read-only, callApi starts no job (async APIs are writes), so it is not offered as a task.
    ...(readOnly ? {} : { finishJob: finishCallApiJob }),
  });
}
