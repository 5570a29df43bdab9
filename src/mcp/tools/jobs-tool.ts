// A job's state, straight from CloudStack (queryAsyncJobResult): nothing about jobs is kept here. A result
// is shown concise, as the tool that started the job would have (a VM: its name, state and IPs).
import { z } from 'zod';
import type { AsyncJobResult } from '../../cloudstack/types.js';
import { compact, unwrapJobResult } from '../shape.js';
import { conciseResult } from './projections.js';
import { defineTool } from './types.js';

const statusNames: Record<number, 'pending' | 'succeeded' | 'failed'> = {
  0: 'pending',
  1: 'succeeded',
  2: 'failed',
};

export const getAsyncJobStatusTool = defineTool({
  name: 'getAsyncJobStatus',
  title: 'Get async job status',
  description: "A job's state (after wait:false), with its result or error.",
  toolset: 'jobs',
  inputSchema: z.object({ jobId: z.string() }),
  outputSchema: z.looseObject({
    jobId: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  commands: ['queryAsyncJobResult'],
  handler: async (args, context, extra) => {
    const job = await context.caller.request<AsyncJobResult>(
      'queryAsyncJobResult',
      { jobid: args.jobId },
      { signal: extra.signal },
    );
    const status = statusNames[job.jobstatus] ?? 'pending';
    const answer: {
      jobId: string;
      status: typeof status;
      command?: string;
      result?: Record<string, unknown>;
      error?: Record<string, unknown>;
      objectType?: string;
      objectId?: string;
    } = { jobId: args.jobId, status };
    if (typeof job.cmd === 'string') answer.command = job.cmd.replace(/^.*\./, '');
    if (typeof job.jobinstancetype === 'string') answer.objectType = job.jobinstancetype;
    if (typeof job.jobinstanceid === 'string') answer.objectId = job.jobinstanceid;
    const result = unwrapJobResult(job.jobresult);
    if (result && typeof result === 'object') {
      if (status === 'failed') answer.error = compact(result as Record<string, unknown>);
      else if (status === 'succeeded')
        answer.result = compact(conciseResult(job.jobresult, true) as Record<string, unknown>);
    }
    return answer;
  },
});
