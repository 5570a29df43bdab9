// Schema pieces several tools share. Descriptions are short: every character here is in tools/list, which
// an agent pays for on every conversation.
import { z } from 'zod';

export const object = () => z.looseObject({});

export const limitInput = z.number().int().min(1).max(1000).optional().describe('default 50');
export const cursorInput = z.string().optional().describe('a nextCursor');
/** `fields`, with an example of the tool's own fields: the one an agent would copy. */
export const fieldsInputFor = (example: string) =>
  z.array(z.string()).optional().describe(`to keep, e.g. ${example}`);
export const fieldsInput = fieldsInputFor('nic.ipaddress');
export const zoneInput = z.string().optional().describe('name or id');
export const keywordInput = z.string().optional();
export const waitInput = z.boolean().optional().describe('false: answer the jobId at once');
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
export const confirmInput = z.string().optional().describe('confirmToken, once the user agrees');

/** JMESPath over every item read; the example where an agent is most likely to want one (big lists). */
export const queryInputFor = (example?: string) =>
  z
    .string()
    .optional()
    .describe(example ? `JMESPath over all items, e.g. ${example}` : 'JMESPath over all items');
/** concise (the default) or detailed; the enum says it. */
export const formatInput = z.enum(['concise', 'detailed']).optional();

/**
 * A list answer: `count`, then items (detailed), columns + rows (concise) or a query's `result`, with
 * nextCursor, hint, ... Open beyond `count`, so that it stays short in tools/list and admits every format.
 */
export const listOutput = z.looseObject({ count: z.number() });

export const jobStatus = z.enum(['done', 'pending', 'confirmation_required']);

/**
 * A VM tool's answer: status, then (open, so that tools/list stays short) `jobId` and `vm` when there are,
 * `alreadyInState` and `note` (startVM on a running VM: no job started), `confirmation`, deployVM's
 * `resolved` (what each name resolved to).
 */
export const vmOutput = z.looseObject({ status: jobStatus });
