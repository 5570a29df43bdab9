// Schema pieces several tools share. Descriptions are short: every character here is in tools/list, which
// an agent pays for on every conversation.
import { z } from 'zod';

export const object = () => z.looseObject({});

// Options several tools share are described once, on callApi (always offered, in every mode): the list
// tools' `limit`, `cursor`, `fields`, `query` and the VM tools' `wait` mean what callApi's say.
export const limitInput = z.number().int().min(1).max(1000).optional();
export const cursorInput = z.string().optional();
/** `fields`; with an example only where it shows what others do not (dotted paths into nested records). */
export const fieldsInputFor = (example?: string) =>
  example
    ? z.array(z.string()).optional().describe(`to keep, e.g. ${example}`)
    : z.array(z.string()).optional();
export const zoneInput = z.string().optional().describe('name or id');
export const keywordInput = z.string().optional();
export const waitInput = z.boolean().optional();
export const vmInput = z.string().describe('name or id');
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
 * `alreadyInState` and `note` (startVM on a running VM: no job started), deployVM's `resolved` (what each
 * name resolved to). Only destroyVM asks for confirmation: vmOutput adds its `confirmation_required`.
 */
export const vmJobOutput = z.looseObject({ status: z.enum(['done', 'pending']) });
export const vmOutput = z.looseObject({ status: jobStatus });
