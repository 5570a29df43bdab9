// Find what uses the most capacity: the zone's capacity figures first, then the largest VMs and volumes,
// read with server-side queries (sorted and cut by CloudStack's fields) rather than whole lists.
import { type PromptDefinition, quoted } from './types.js';

export const capacityPrompt: PromptDefinition = {
  name: 'find-capacity-hogs',
  title: 'Find what uses the most capacity',
  description:
    'The VMs, volumes and accounts that use the most CPU, memory and storage, and how full the cloud is.',
  arguments: [
    { name: 'zone', description: 'Only this zone (optional)', completes: 'zone' },
    { name: 'top', description: 'How many to show of each (default 10)' },
  ],
  tools: ['listVirtualMachines', 'callApi'],
  text: (args) => {
    const top = /^\d+$/.test(args.top ?? '') ? Number(args.top) : 10;
    const where = args.zone ? ` in the zone ${quoted(args.zone)}` : ' across all zones';
    return [
      `Find what uses the most capacity${where}, and show the top ${top} of each kind.`,
      '',
      "Steps (keep answers small: use `query` so CloudStack's lists are sorted and cut on the server, never read whole lists):",
      `1. How full it is: \`callApi\` \`listCapacity\`${args.zone ? ' (zoneid)' : ''} with sortby=usage. Show per type (memory, CPU, primary storage, public IPs) the used, total and percent; over 75% is worth a warning. Admin only: if refused, say so and go on.`,
      `2. The largest VMs: \`listVirtualMachines\`${args.zone ? ' (zone)' : ''} with query \`reverse(sort_by(@, &memory))[:${top}].{name: name, state: state, cpunumber: cpunumber, memory: memory, account: account, zonename: zonename}\`. Do the same sorted by cpunumber if it tells a different story.`,
      `3. The largest volumes: \`callApi\` \`listVolumes\`${args.zone ? ' (zoneid)' : ''} with query \`reverse(sort_by(@, &size))[:${top}].{name: name, size: size, type: type, vmname: vmname, account: account, state: state}\` (size is in bytes: show GiB).`,
      '4. Who: group the VMs by account with a query such as `group_by(@, &account)`, summing memory and counting VMs, and name the top accounts.',
      '5. Point out what looks like waste: large VMs that are Stopped (they still hold storage), volumes with no vmname (not attached), and big snapshots (`listSnapshots` through `callApi`, physicalsize).',
      'Answer with short tables, the units said (MiB memory, GiB storage), and the totals each figure was read from (an answer with truncated=true read only part of the list: say so).',
    ].join('\n');
  },
};
