// Give a VM a public port: find its network, a public IP on it (or acquire one), open the firewall and
// forward the port, in the shape CloudStack needs for isolated networks and VPC tiers.
import { type PromptDefinition, quoted } from './types.js';

export const exposePortPrompt: PromptDefinition = {
  name: 'expose-vm-port',
  title: 'Give a VM a public port',
  description: 'Make a port of a VM reachable from the internet through a public IP (port forwarding).',
  arguments: [
    { name: 'vm', description: 'The VM, by name or id', required: true, completes: 'vm' },
    { name: 'publicPort', description: 'Port on the public IP, e.g. 443', required: true },
    { name: 'privatePort', description: 'Port on the VM (default: the public port)' },
    { name: 'protocol', description: 'tcp (default) or udp' },
    { name: 'cidr', description: 'Who may connect, as a CIDR (default 0.0.0.0/0: everyone)' },
  ],
  tools: ['getVMStatus', 'callApi'],
  apis: ['listPublicIpAddresses', 'createPortForwardingRule'],
  text: (args) => {
    const publicPort = args.publicPort ?? '';
    const privatePort = args.privatePort ?? publicPort;
    const protocol = (args.protocol ?? 'tcp').toLowerCase();
    const cidr = args.cidr ?? '0.0.0.0/0';
    return [
      `Make ${protocol} port ${quoted(privatePort)} of the VM ${quoted(args.vm ?? '')} reachable from the internet on public port ${quoted(publicPort)}, for ${quoted(cidr)}.`,
      '',
      "Steps (CloudStack APIs through `callApi`; `describeApi` shows any API's parameters):",
      '1. `getVMStatus` for the VM: note its id, zone, state and its default NIC\'s networkid. A VM in a Basic zone or on a shared network has no port forwarding: then say so, suggest a security group ingress rule instead (`searchApis` "security group ingress"), and stop.',
      '2. `listNetworks` with that id: note whether it belongs to a VPC (vpcid).',
      '3. Find a public IP: `listPublicIpAddresses` with associatednetworkid (or vpcid) and allocatedonly=true. Reuse one that is not the source NAT IP of the network and has no static NAT; if none, ask the user before acquiring one with `associateIpAddress` (networkid, or vpcid for a VPC), because a public IP is billed.',
      `4. Check nothing already uses the port: \`listPortForwardingRules\` with ipaddressid.`,
      `5. Isolated network: open the firewall with \`createFirewallRule\` (ipaddressid, protocol=${protocol}, startport=endport=${quoted(publicPort)}, cidrlist=${quoted(cidr)}); for a VPC tier the network ACL decides instead: check \`listNetworkACLs\` for the tier's ACL and add an Ingress allow rule with \`createNetworkACL\` if none covers the port.`,
      `6. \`createPortForwardingRule\` with ipaddressid, virtualmachineid, protocol=${protocol}, publicport=${quoted(publicPort)}, privateport=${quoted(privatePort)} (and openfirewall=false when step 5 made the firewall rule).`,
      "7. Report the public IP and port, the rule ids, and remind the user that the service must listen on the VM and that its own firewall must allow the port. On any error, show CloudStack's errortext and stop: do not retry with other parameters without saying so.",
    ].join('\n');
  },
};
