// A VM's life: status, deploy (by names), start, stop, reboot, destroy (with confirmation). Mutating tools
// wait for CloudStack's async job by default, with progress notifications, and return the VM as it ended
// up; `wait: false` returns the job id for getAsyncJobStatus.
import { z } from 'zod';
import type { ApiParams } from '../../cloudstack/types.js';
import { confirmDestructive } from '../confirm.js';
import { ToolError } from '../errors.js';
import { startJob, waitForJob } from '../jobs.js';
import { prepareParams } from '../params.js';
import { resolveResource } from '../resolve.js';
import { compact, findListItems, type JsonObject, unwrapJobResult } from '../shape.js';
import { lookUpApi } from './catalog-tools.js';
import { projectVm } from './projections.js';
import { confirmInput, object, vmInput, vmOutput, waitInput } from './schemas.js';
import { type CallExtra, defineTool, type ToolContext, type ToolDefinition } from './types.js';

type VmAnswer = z.input<typeof vmOutput>;

async function fetchVm(context: ToolContext, vm: string, signal: AbortSignal): Promise<JsonObject> {
  const resolved = await resolveResource(context, 'vm', vm, { signal });
  if (resolved.item) return resolved.item;
  const answer = await context.caller.request(
    'listVirtualMachines',
    { id: resolved.id, listall: true },
    { signal },
  );
  const item = findListItems(answer)?.items[0];
  if (!item) throw new ToolError('not_found', `No virtual machine with id ${resolved.id}`);
  return item;
}

/** Runs a VM job: validated params, then either the job id or the final VM. */
async function runVmJob(
  context: ToolContext,
  extra: CallExtra,
  command: string,
  params: Record<string, unknown>,
  wait: boolean | undefined,
  label: string,
): Promise<VmAnswer> {
  const entry = lookUpApi(context, command);
  const prepared = prepareParams(entry, params);
  const job = await startJob(context, command, prepared, extra);
  if (wait === false) {
    const pending: VmAnswer = { status: 'pending', jobId: job.jobId };
    if (job.id) pending.vm = { id: job.id };
    return pending;
  }
  const result = unwrapJobResult(await waitForJob(context, job, label, extra));
  const answer: VmAnswer = { status: 'done', jobId: job.jobId };
  if (result && typeof result === 'object') answer.vm = compact(projectVm(result as JsonObject));
  return answer;
}

const mutating = { readOnlyHint: false, openWorldHint: true };

export const getVMStatusTool = defineTool({
  name: 'getVMStatus',
  title: 'Get VM status',
  description: 'One VM (by name or id): state (Running, Stopped, ...), zone, template, size, IPs.',
  toolset: 'vm-lifecycle',
  inputSchema: z.object({ vm: vmInput }),
  outputSchema: z.object({ vm: object() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  commands: ['listVirtualMachines'],
  handler: async (args, context, extra) => ({
    vm: compact(projectVm(await fetchVm(context, args.vm, extra.signal))),
  }),
});

export const deployVMTool = defineTool({
  name: 'deployVM',
  title: 'Deploy a VM',
  description:
    'Create and start a VM. Zone, template, offering and networks by name or id. Other deployVirtualMachine parameters (keypair, userdata, ...) go in params.',
  toolset: 'vm-lifecycle',
  inputSchema: z.object({
    zone: z.string().describe('zone name or id'),
    template: z.string().describe('template name or id'),
    serviceOffering: z.string().describe('service offering name or id'),
    networks: z.array(z.string()).optional().describe('network names or ids'),
    name: z.string().optional().describe('VM host name'),
    displayName: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional().describe('other deployVirtualMachine params'),
    wait: waitInput,
  }),
  outputSchema: vmOutput,
  annotations: { ...mutating, destructiveHint: false, idempotentHint: false },
  commands: ['deployVirtualMachine'],
  handler: async (args, context, extra) => {
    const signal = extra.signal;
    const zone = await resolveResource(context, 'zone', args.zone, { signal });
    const [template, offering, networks] = await Promise.all([
      resolveResource(context, 'template', args.template, { zoneId: zone.id, signal }),
      resolveResource(context, 'serviceOffering', args.serviceOffering, { zoneId: zone.id, signal }),
      Promise.all(
        (args.networks ?? []).map((network) =>
          resolveResource(context, 'network', network, { zoneId: zone.id, signal }),
        ),
      ),
    ]);
    const params: Record<string, unknown> = {
      ...(args.params ?? {}),
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
    };
    if (networks.length > 0) params.networkids = networks.map((network) => network.id);
    if (args.name !== undefined) params.name = args.name;
    if (args.displayName !== undefined) params.displayname = args.displayName;
    return runVmJob(
      context,
      extra,
      'deployVirtualMachine',
      params,
      args.wait,
      `deploying ${args.name ?? 'VM'}`,
    );
  },
});

function lifecycleTool(options: {
  name: string;
  title: string;
  description: string;
  command: string;
  verb: string;
  forced?: boolean;
}): ToolDefinition {
  const input = options.forced
    ? z.object({ vm: vmInput, forced: z.boolean().optional().describe('hard power-off'), wait: waitInput })
    : z.object({ vm: vmInput, wait: waitInput });
  return defineTool({
    name: options.name,
    title: options.title,
    description: options.description,
    toolset: 'vm-lifecycle',
    inputSchema: input as z.ZodObject<{
      vm: z.ZodString;
      wait: typeof waitInput;
      forced?: z.ZodOptional<z.ZodBoolean>;
    }>,
    outputSchema: vmOutput,
    annotations: { ...mutating, destructiveHint: false, idempotentHint: true },
    commands: [options.command],
    handler: async (args, context, extra) => {
      const vm = await resolveResource(context, 'vm', args.vm, { signal: extra.signal });
      const params: ApiParams =
        args.forced === undefined ? { id: vm.id } : { id: vm.id, forced: args.forced === true };
      return runVmJob(context, extra, options.command, params, args.wait, `${options.verb} ${args.vm}`);
    },
  });
}

export const startVMTool = lifecycleTool({
  name: 'startVM',
  title: 'Start a VM',
  description: 'Start a stopped VM (by name or id).',
  command: 'startVirtualMachine',
  verb: 'starting',
});

export const stopVMTool = lifecycleTool({
  name: 'stopVM',
  title: 'Stop a VM',
  description: 'Stop a running VM (by name or id). Reversible with startVM.',
  command: 'stopVirtualMachine',
  verb: 'stopping',
  forced: true,
});

export const rebootVMTool = lifecycleTool({
  name: 'rebootVM',
  title: 'Reboot a VM',
  description: 'Reboot a running VM (by name or id).',
  command: 'rebootVirtualMachine',
  verb: 'rebooting',
});

export const destroyVMTool = defineTool({
  name: 'destroyVM',
  title: 'Destroy a VM',
  description:
    'Destroy a VM (by name or id); expunge deletes it for good. Needs confirmation: the user is asked, or the answer is confirmation_required with a confirmToken to pass as confirm once the user agrees.',
  toolset: 'vm-lifecycle',
  inputSchema: z.object({
    vm: vmInput,
    expunge: z.boolean().optional().describe('delete at once, no recovery'),
    confirm: confirmInput,
    wait: waitInput,
  }),
  outputSchema: vmOutput,
  annotations: { ...mutating, destructiveHint: true, idempotentHint: true },
  commands: ['destroyVirtualMachine'],
  handler: async (args, context, extra) => {
    const vm = await fetchVm(context, args.vm, extra.signal);
    const params: ApiParams =
      args.expunge === undefined ? { id: String(vm.id) } : { id: String(vm.id), expunge: args.expunge };
    const target = compact(projectVm(vm));
    const how = args.expunge ? 'destroy and expunge (permanently delete)' : 'destroy';
    const outcome = await confirmDestructive(
      context,
      extra,
      {
        api: 'destroyVirtualMachine',
        params,
        summary: `${how} VM "${String(vm.name)}" (id ${String(vm.id)}, ${String(vm.state)}, zone ${String(vm.zonename)})`,
        target,
      },
      args.confirm,
    );
    if (!outcome.proceed) return outcome.answer;
    return runVmJob(
      context,
      extra,
      'destroyVirtualMachine',
      params,
      args.wait,
      `destroying ${String(vm.name)}`,
    );
  },
});

export const vmTools: ToolDefinition[] = [
  getVMStatusTool,
  deployVMTool,
  startVMTool,
  stopVMTool,
  rebootVMTool,
  destroyVMTool,
];
