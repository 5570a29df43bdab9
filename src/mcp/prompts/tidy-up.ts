// Tidy up: find stopped VMs and orphaned resources, show them, and delete only what the user picks, one
// confirmed call at a time.
import { type PromptDefinition, quoted } from './types.js';

export const tidyUpPrompt: PromptDefinition = {
  name: 'tidy-up',
  title: 'Tidy up stopped or orphaned resources',
  description:
    'Find stopped VMs, unattached volumes, unused public IPs and old snapshots, then remove only what you approve.',
  arguments: [
    { name: 'zone', description: 'Only this zone (optional)', completes: 'zone' },
    { name: 'olderThanDays', description: 'Only what is older than this many days (default 30)' },
  ],
  tools: ['listVirtualMachines', 'callApi'],
  text: (args) => {
    const days = /^\d+$/.test(args.olderThanDays ?? '') ? Number(args.olderThanDays) : 30;
    const where = args.zone ? ` in the zone ${quoted(args.zone)}` : '';
    return [
      `Find resources${where} that look unused for more than ${days} days, show them to me, and remove only what I choose.`,
      '',
      'Find (reads only; use `fields` or `query` to keep answers small):',
      `1. Stopped VMs: \`listVirtualMachines\` with state=Stopped${args.zone ? ' and zone' : ''}; keep those created more than ${days} days ago (field created). \`callApi\` \`listEvents\` with resourceid (the VM's id) and resourcetype=VirtualMachine shows when it was last stopped.`,
      '2. Volumes attached to nothing: `callApi` `listVolumes` with query `[?!virtualmachineid].{id: id, name: name, size: size, created: created, account: account}`.',
      '3. Public IPs that serve nothing: `callApi` `listPublicIpAddresses` allocatedonly=true, then keep those that are not issourcenat, not isstaticnat, and have no rules in `listPortForwardingRules` (ipaddressid) or `listLoadBalancerRules` (publicipid).',
      `4. Old snapshots: \`callApi\` \`listSnapshots\` created more than ${days} days ago; VM snapshots with \`listVMSnapshot\`.`,
      '5. VMs already Destroyed but not expunged (state=Destroyed) are only listed: they can still be recovered with `recoverVirtualMachine`.',
      '',
      'Then show one table per kind (name, id, account, size, age, why it looks unused) with the total space that would be freed, and ask which to remove. Nothing is removed without my answer.',
      '',
      "Remove only what I named, one call each: `destroyVM` for a VM (without expunge unless I ask: it can be recovered until expunged), and through `callApi` `deleteVolume`, `disassociateIpAddress`, `deleteSnapshot` or `deleteVMSnapshot`. These ask for confirmation: pass on exactly what the confirmation says. If any call is refused (not allowed by the server's policy, or read-only), report that and remove nothing else in its place. At the end, list what was removed and what was kept.",
    ].join('\n');
  },
};
