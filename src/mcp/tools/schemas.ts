// Schema pieces several tools share. Descriptions are short: every character here is in tools/list, which
// an agent pays for on every conversation.
import { z } from 'zod';

export const object = () => z.looseObject({});

export const limitInput = z.number().int().min(1).max(1000).optional().describe('default 50');
export const cursorInput = z.string().optional().describe('nextCursor of last answer');
/** `fields`, with an example of the tool's own fields: the one an agent would copy. */
export const fieldsInputFor = (example: string) =>
  z.array(z.string()).optional().describe(`fields to keep, e.g. ${example}`);
export const fieldsInput = fieldsInputFor('nic.ipaddress');
export const zoneInput = z.string().optional().describe('zone name or id');
export const keywordInput = z.string().optional().describe('text to match in names');
export const waitInput = z.boolean().optional().describe('default true; false: return jobId at once');
export const vmInput = z.string().describe('VM name or id');
/** CloudStack's VirtualMachine.State values (api/src/main/java/com/cloud/vm/VirtualMachine.java), and the
 * listVirtualMachines filter's Present (any state but destroyed). */
export const vmStateInput = z
  .enum([
    'Running',
    'Stopped',
    'Starting',
    'Stopping',
    'Migrating',
    'Error',
    'Destroyed',
    'Expunging',
    'Present',
  ])
  .optional();
export const confirmInput = z.string().optional().describe('confirmToken, once the user agreed');

export const queryInput = z
  .string()
  .optional()
  .describe('JMESPath over all items, e.g. sort_by(@,&memory)[-5:]');
export const formatInput = z.enum(['concise', 'detailed']).optional().describe('default concise');

/**
 * A list answer: `count`, then items (detailed), columns + rows (concise) or a query's `result`, with
 * nextCursor, hint, ... Open beyond `count`, so that it stays short in tools/list and admits every format.
 */
export const listOutput = z.looseObject({ count: z.number() });

export const jobStatus = z.enum(['done', 'pending', 'confirmation_required']);

export const vmOutput = z.object({
  status: jobStatus,
  jobId: z.string().optional(),
  vm: z.unknown().optional(),
  /** startVM on a running VM, stopVM on a stopped one: answered as it is, no job started. */
  alreadyInState: z.boolean().optional(),
  note: z.string().optional(),
  confirmation: z.unknown().optional(),
});

/** deployVM's answer also says what each name resolved to. */
export const deployOutput = vmOutput.extend({ resolved: z.unknown().optional() });
