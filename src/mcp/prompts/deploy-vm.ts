// Deploy a VM: check the choices against the cloud, pick a network where the zone needs one, deploy, report.
import { type PromptDefinition, quoted } from './types.js';

export const deployVmPrompt: PromptDefinition = {
  name: 'deploy-vm',
  title: 'Deploy a VM',
  description: 'Create and start a virtual machine from a template, with a size, in a zone.',
  arguments: [
    { name: 'zone', description: 'Zone (data center) to deploy in', required: true, completes: 'zone' },
    { name: 'template', description: 'OS template to deploy from', required: true, completes: 'template' },
    {
      name: 'serviceOffering',
      description: 'Size of the VM (CPUs, memory)',
      required: true,
      completes: 'serviceOffering',
    },
    { name: 'network', description: 'Guest network to attach (optional)', completes: 'network' },
    { name: 'name', description: 'Host name for the new VM (optional)' },
  ],
  tools: ['deployVM'],
  text: (args) =>
    [
      `Deploy a new virtual machine in the CloudStack zone ${quoted(args.zone ?? '')} from the template ${quoted(args.template ?? '')} with the service offering ${quoted(args.serviceOffering ?? '')}${args.network ? ` on the network ${quoted(args.network)}` : ''}${args.name ? `, named ${quoted(args.name)}` : ''}.`,
      '',
      'Steps:',
      `1. Check the choices exist: \`listZones\` (keyword), \`listTemplates\` with zone, \`listServiceOfferings\`. If one is missing or ambiguous, show the user the nearest names and ask; do not guess.`,
      `2. Network: ${args.network ? 'use the network given; check with `listNetworks` (zone) that it is in that zone.' : "if the zone's networktype is Advanced, pick with `listNetworks` (zone) one Implemented or Allocated network the user can use and say which; a Basic zone needs none."}`,
      `3. Call \`deployVM\` with zone, template, serviceOffering${args.network ? ', networks' : ' (and networks when step 2 chose one)'}${args.name ? ', name' : ''}. It runs CloudStack's \`deployVirtualMachine\` and waits for its job.`,
      '4. If it fails, say what CloudStack answered (errortext) and what to change: 436/534 means not enough capacity in that zone (try a smaller offering or another zone), 431 a wrong parameter.',
      '5. When it is Running, report its name, id, state, IP address (`getVMStatus`) and, if CloudStack returned one, the generated password, which the user should change.',
    ].join('\n'),
};
