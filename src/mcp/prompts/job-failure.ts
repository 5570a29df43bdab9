// Explain why a job failed: its result, the command and object it ran on, the events around it, and what
// the error code means, in plain words with a next step.
import { type PromptDefinition, quoted } from './types.js';

export const jobFailurePrompt: PromptDefinition = {
  name: 'explain-job-failure',
  title: 'Explain why a job failed',
  description: 'Explain in plain words why a CloudStack async job failed, and what to do about it.',
  arguments: [{ name: 'job', description: 'The job id', required: true, completes: 'job' }],
  tools: ['getAsyncJobStatus', 'callApi'],
  text: (args) =>
    [
      `Explain why the CloudStack async job ${quoted(args.job ?? '')} failed, and what to do next.`,
      '',
      'Steps:',
      '1. `getAsyncJobStatus` with that jobId: its status, the command that started it (cmd), the object it acted on (jobinstancetype, jobinstanceid), when it started and ended, and the error (errorcode, errortext). If it has not failed, say so (pending or succeeded) and stop.',
      '2. The object: for a VirtualMachine, `getVMStatus` with jobinstanceid; for others the matching list API through `callApi` (`listVolumes`, `listNetworks`, `listTemplates`, ... with id).',
      "3. What happened around it: `callApi` `listEvents` with startdate the day the job was created (yyyy-MM-dd) and resourceid=jobinstanceid with resourcetype=jobinstancetype (else the object's name as keyword); look for ERROR level events near the job's time. `listAlerts` (admin) may show a host or storage problem at that time.",
      '4. If the error names a parameter, `describeApi` for the command shows what it accepts.',
      "5. Explain the cause in one or two sentences, then the fix. CloudStack's codes: 431 a parameter is wrong or missing; 432 not supported here; 436 or 534 not enough capacity (CPU, memory, storage, IPs) where it was placed; 530 an internal error (look at the events and alerts); 533 a resource was unavailable; 535 a resource is in use; 401 or 531 not permitted for this account. Quote the errortext exactly.",
      'Do not retry the failed command yourself; say what the user can change and offer to retry.',
    ].join('\n'),
};
