// Coverage: how much of CloudStack the embedded simulator models (issue 14's figure), counted from the
// simulator's own listApis (api-cache/simulator.json, what the shipped bindings are made from) against a real
// 4.18.0 listApis, and against a list of everyday operator commands.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedRoot } from '../lib/paths.js';
import type { Figure } from '../report.js';
import type { Section } from '../section.js';

const SIMULATOR_CACHE = path.join(repoRoot, 'api-cache', 'simulator.json');
const DUMP = path.join(sharedRoot, 'api-dumps', '4.18.0.json');

/**
 * What an operator runs day to day (our own pick, not measured usage: CloudMonkey and the UI keep no
 * statistics): deploy and run VMs, their disks and snapshots, networks and the rules that expose them,
 * images, offerings, accounts, async jobs.
 */
const EVERYDAY = [
  'listZones',
  'listTemplates',
  'listServiceOfferings',
  'listDiskOfferings',
  'listNetworks',
  'listVirtualMachines',
  'deployVirtualMachine',
  'startVirtualMachine',
  'stopVirtualMachine',
  'rebootVirtualMachine',
  'destroyVirtualMachine',
  'recoverVirtualMachine',
  'expungeVirtualMachine',
  'scaleVirtualMachine',
  'changeServiceForVirtualMachine',
  'resetPasswordForVirtualMachine',
  'listVolumes',
  'createVolume',
  'attachVolume',
  'detachVolume',
  'resizeVolume',
  'deleteVolume',
  'listSnapshots',
  'createSnapshot',
  'deleteSnapshot',
  'revertSnapshot',
  'createVMSnapshot',
  'listVMSnapshot',
  'createNetwork',
  'deleteNetwork',
  'listPublicIpAddresses',
  'associateIpAddress',
  'disassociateIpAddress',
  'createFirewallRule',
  'listFirewallRules',
  'createPortForwardingRule',
  'listPortForwardingRules',
  'createLoadBalancerRule',
  'assignToLoadBalancerRule',
  'listLoadBalancerRules',
  'enableStaticNat',
  'registerTemplate',
  'deleteTemplate',
  'listIsos',
  'attachIso',
  'listOsTypes',
  'listAccounts',
  'listUsers',
  'listDomains',
  'listSSHKeyPairs',
  'createSSHKeyPair',
  'createTags',
  'listAsyncJobs',
  'queryAsyncJobResult',
  'listEvents',
  'listCapacity',
  'listHosts',
] as const;

function apiNames(file: string): Set<string> {
  // A listApis answer as CloudStack sends it (`listapisresponse`), or its body alone (the shared dumps).
  type Apis = { api?: { name: string }[] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Apis & { listapisresponse?: Apis };
  return new Set((parsed.listapisresponse?.api ?? parsed.api ?? []).map((api) => api.name));
}

export const coverageSection: Section = {
  name: 'coverage',
  title: 'Simulator coverage',
  method: [
    "Modelled APIs: the names in the simulator's own listApis (api-cache/simulator.json), counted against " +
      'the 4.18.0 listApis dump (../shared/api-dumps/4.18.0.json). Everyday commands: a list of ' +
      `${EVERYDAY.length} commands picked by us for an operator's day (bench/sections/coverage.ts), since ` +
      'CloudMonkey and the UI publish no usage figures; the figure is how many of them the simulator models.',
  ],
  missing: () =>
    existsSync(DUMP) ? undefined : `${path.relative(repoRoot, DUMP)} is missing (../shared beside the repo)`,
  run: async (context) => {
    const modelled = apiNames(SIMULATOR_CACHE);
    const all = apiNames(DUMP);
    const inDump = [...modelled].filter((name) => all.has(name));
    const everyday = EVERYDAY.filter((name) => modelled.has(name));
    const missingEveryday = EVERYDAY.filter((name) => !modelled.has(name));
    context.log(`not modelled of the everyday list: ${missingEveryday.join(', ')}`);
    const figures: Figure[] = [
      {
        metric: 'APIs of the 4.18.0 catalog the simulator models',
        value: inDump.length,
        unit: 'count',
        baseline: { label: 'APIs in 4.18.0', value: all.size },
      },
      {
        metric: 'everyday operator commands the simulator models',
        value: everyday.length,
        unit: 'count',
        baseline: { label: 'commands in the list', value: EVERYDAY.length },
        note: `not yet: ${missingEveryday.join(', ')}`,
      },
    ];
    return figures;
  },
};
