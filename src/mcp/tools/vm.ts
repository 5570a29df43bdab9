// A VM's life: status, deploy (by names), start, stop, reboot, destroy (with confirmation). Mutating tools
// wait for CloudStack's async job by default, with progress notifications, and answer with what changed
// (the VM's name, state and IPs); `wait: false` returns the job id for getAsyncJobStatus.
import { z } from 'zod';
import type { ApiParams } from '../../cloudstack/types.js';
import { confirmDestructive, destroyConsequence, IDENTITY_FIELDS } from '../confirm.js';
import { ToolError } from '../errors.js';
import { JOB_STATUS_API } from '../guarded-caller.js';
import { awaitJob, startJob } from '../jobs.js';
import { prepareParams } from '../params.js';
import { isUuid, type NameRequest, type Resolved, resolveNames, resolveResource } from '../resolve.js';
import { compact, findListItems, type JsonObject, pickFields, unwrapJobResult } from '../shape.js';
import { lookUpApi } from './catalog-tools.js';
import { changedVm, conciseVm, projectVm } from './projections.js';
import { confirmInput, formatInput, object, vmInput, vmJobOutput, vmOutput, waitInput } from './schemas.js';
import {
  type CallExtra,
  defineTool,
  type FinishedJob,
  type TaskView,
  type ToolContext,
  type ToolDefinition,
} from './types.js';

type VmAnswer = z.input<typeof vmJobOutput>;

/** The VM as CloudStack lists it, by name or id (through listVirtualMachines, which the policy must allow). */
async function fetchVm(context: ToolContext, vm: string, signal: AbortSignal): Promise<JsonObject> {
  const resolved = await resolveResource(context, 'vm', vm, { signal });
  if (resolved.item) return resolved.item;
  const query = { id: resolved.id, listall: true };
  context.caller.assert('listVirtualMachines', query, 'to read the VM');
  const answer = await context.caller.request('listVirtualMachines', query, { signal });
  const item = findListItems(answer)?.items[0];
  if (!item) throw new ToolError('not_found', `No virtual machine with id ${resolved.id}`);
  return item;
}

/**
 * A VM job's answer once it succeeded: the VM as it is now, plus what the call added (`resolved` names).
 * The same for a waited call and for a task's result (tasks.ts), which has only the view and the job.
 */
function finishVmJob(view: TaskView, job: FinishedJob): VmAnswer {
  const result = unwrapJobResult(job.jobresult);
  const answer: VmAnswer = { status: 'done', jobId: job.jobId };
  if (result && typeof result === 'object') answer.vm = compact(changedVm(result as JsonObject));
  return view.resolved ? { ...answer, resolved: view.resolved } : answer;
}

/** Runs a VM job: validated params, then either the job id or the final VM. `view`: added to the answer. */
async function runVmJob(
  context: ToolContext,
  extra: CallExtra,
  command: string,
  params: Record<string, unknown>,
  wait: boolean | undefined,
  label: string,
  view: TaskView = {},
): Promise<VmAnswer> {
  const entry = lookUpApi(context, command);
  const prepared = prepareParams(entry, params);
  if (wait !== false) {
    context.caller.assert(JOB_STATUS_API, {}, 'to wait for the job; pass wait: false to get its id');
  }
  const job = await startJob(context, command, prepared, extra);
  if (wait === false) {
    const pending: VmAnswer = { status: 'pending', jobId: job.jobId };
    if (job.id) pending.vm = { id: job.id };
    return view.resolved ? { ...pending, resolved: view.resolved } : pending;
  }
  const jobresult = await awaitJob(context, job, label, extra, view);
  return finishVmJob(view, { jobId: job.jobId, jobresult });
}

const mutating = { readOnlyHint: false, openWorldHint: true };

export const getVMStatusTool = defineTool({
  name: 'getVMStatus',
  title: 'Get VM status',
  description: 'One VM: state, zone, size, IPs.',
  toolset: 'vm-lifecycle',
  inputSchema: z.object({ vm: vmInput, format: formatInput }),
  outputSchema: z.looseObject({ vm: object() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  commands: ['listVirtualMachines'],
  handler: async (args, context, extra) => {
    const vm = await fetchVm(context, args.vm, extra.signal);
    return { vm: compact(args.format === 'detailed' ? projectVm(vm) : conciseVm(vm)) };
  },
});

export const deployVMTool = defineTool({
  name: 'deployVM',
  title: 'Deploy a VM',
  description:
    'Create and start a VM; zone, template, offering, networks by id, name or a word of it ("small"); params: other deployVirtualMachine params (keypair, userdata).',
  toolset: 'vm-lifecycle',
  inputSchema: z.object({
    // Said once, in the description: by id, name or a word of it.
    zone: z.string(),
    template: z.string(),
    serviceOffering: z.string(),
    networks: z.array(z.string()).optional(),
    name: z.string().optional().describe('VM host name'),
    displayName: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    wait: waitInput,
  }),
  outputSchema: vmJobOutput,
  annotations: { ...mutating, destructiveHint: false, idempotentHint: false },
  commands: ['deployVirtualMachine'],
  handler: async (args, context, extra) => {
    const networks = args.networks ?? [];
    const requests: NameRequest[] = [
      { argument: 'zone', kind: 'zone', value: args.zone },
      { argument: 'template', kind: 'template', value: args.template },
      { argument: 'serviceOffering', kind: 'serviceOffering', value: args.serviceOffering },
      ...networks.map((value, index) => ({
        argument: `networks[${index}]`,
        kind: 'network' as const,
        value,
      })),
    ];
    const found = await resolveNames(context, requests, extra.signal);
    const [zone, template, offering, ...nets] = found as [Resolved, Resolved, Resolved, ...Resolved[]];
    const params: Record<string, unknown> = {
      ...(args.params ?? {}),
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
    };
    if (nets.length > 0) params.networkids = nets.map((network) => network.id);
    if (args.name !== undefined) params.name = args.name;
    if (args.displayName !== undefined) params.displayname = args.displayName;
    const resolved = resolvedNames(requests, found);
    return runVmJob(
      context,
      extra,
      'deployVirtualMachine',
      params,
      args.wait,
      `deploying ${args.name ?? 'VM'}`,
      Object.keys(resolved).length > 0 ? { resolved } : {},
    );
  },
  finishJob: finishVmJob,
});

/** What each name given by name stood for, by argument: `{zone: "Sim-Advanced", networks: [...]}`. */
function resolvedNames(requests: NameRequest[], found: Resolved[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  requests.forEach((request, index) => {
    const item = found[index]?.item;
    if (!item) return; // given as an id
    const name = String(item.name ?? item.id);
    if (request.kind !== 'network') out[request.argument] = name;
    else out.networks = [...((out.networks as string[] | undefined) ?? []), name];
  });
  return out;
}

function lifecycleTool(options: {
  name: string;
  title: string;
  description: string;
  command: string;
  verb: string;
  forced?: boolean;
  /** The state the command leads to: a VM already in it is answered as it is, without a job. */
  endState?: string;
  /** The state the command needs; a VM listed in another of `refusedStates` is refused with why. */
  needs?: { state: string; refusedStates: readonly string[]; hint: string };
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
    outputSchema: vmJobOutput,
    annotations: { ...mutating, destructiveHint: false, idempotentHint: true },
    commands: [options.command],
    handler: async (args, context, extra) => {
      // The VM's state first, from the same look-up a name needs. An id with listVirtualMachines refused
      // by the policy skips it: the command then runs and CloudStack's answer stands.
      const given = args.vm.trim();
      const canList = context.caller.check('listVirtualMachines', { id: given, listall: true }).allowed;
      const vm = isUuid(given) && !canList ? undefined : await fetchVm(context, given, extra.signal);
      const id = vm ? String(vm.id) : given;
      const state = vm ? String(vm.state) : undefined;
      if (vm && options.endState !== undefined && state === options.endState) {
        // Nothing to do, and no job to start: the idempotent answer. A state that changes after this look-up
        // is CloudStack's to judge, and a job that then fails is a real failure.
        const answer: VmAnswer = {
          status: 'done',
          vm: compact(changedVm(vm)),
          alreadyInState: true,
          note: `VM "${String(vm.name)}" is already ${state}; nothing was done.`,
        };
        return answer;
      }
      if (vm && options.needs && state !== undefined && options.needs.refusedStates.includes(state)) {
        throw new ToolError(
          'invalid_state',
          `VM "${String(vm.name)}" is ${state}: ${options.name} needs a ${options.needs.state} VM. ${options.needs.hint}`,
          { vm: { id: vm.id, name: vm.name, state }, needs: options.needs.state },
        );
      }
      const params: ApiParams = args.forced === undefined ? { id } : { id, forced: args.forced === true };
      return runVmJob(context, extra, options.command, params, args.wait, `${options.verb} ${args.vm}`);
    },
    finishJob: finishVmJob,
  });
}

export const startVMTool = lifecycleTool({
  name: 'startVM',
  title: 'Start a VM',
  description: 'Start a VM; a running one is answered as is.',
  command: 'startVirtualMachine',
  verb: 'starting',
  endState: 'Running',
});

export const stopVMTool = lifecycleTool({
  name: 'stopVM',
  title: 'Stop a VM',
  description: 'Stop a VM; startVM undoes it.',
  command: 'stopVirtualMachine',
  verb: 'stopping',
  forced: true,
  endState: 'Stopped',
});

export const rebootVMTool = lifecycleTool({
  name: 'rebootVM',
  title: 'Reboot a VM',
  description: 'Restart a running VM.',
  command: 'rebootVirtualMachine',
  verb: 'rebooting',
  needs: {
    state: 'Running',
    refusedStates: ['Stopped', 'Destroyed', 'Expunging', 'Error'],
    hint: 'Use startVM to start a Stopped VM.',
  },
});

export const destroyVMTool = defineTool({
  name: 'destroyVM',
  title: 'Destroy a VM',
  description: "Destroy a VM; recoverable until expunged. Needs the user's yes.",
  toolset: 'vm-lifecycle',
  inputSchema: z.object({
    vm: vmInput,
    expunge: z.boolean().optional().describe('no recovery'),
    confirm: confirmInput,
    wait: waitInput,
  }),
  outputSchema: vmOutput,
  annotations: { ...mutating, destructiveHint: true, idempotentHint: true },
  // The confirmation shows what would go, and its token is bound to it: the look-up is part of the tool.
  commands: ['destroyVirtualMachine', 'listVirtualMachines'],
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
        consequence: destroyConsequence(args.expunge),
        target,
        binding: pickFields(vm, IDENTITY_FIELDS),
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
  finishJob: finishVmJob,
});

export const vmTools: ToolDefinition[] = [
  getVMStatusTool,
  deployVMTool,
  startVMTool,
  stopVMTool,
  rebootVMTool,
  destroyVMTool,
];
