// Compute family (issue 14): where affinity groups let a VM run. CloudStack's HostAntiAffinityProcessor
// avoids the hosts of the group's other VMs; HostAffinityProcessor keeps the VM on the host they run on.
import { hostsInZone } from './factory.js';
import type { AffinityGroup, Vm } from './model.js';
import type { Store } from './store.js';

export function groupsOf(store: Store, vmId: string): AffinityGroup[] {
  return [...store.affinityGroups.values()].filter((g) => g.vmIds.includes(vmId));
}

/** The hosts of the VM's zone its affinity groups allow, in the zone's stable order. */
export function placementHosts(store: Store, vm: Vm): string[] {
  // Hosts out of service (maintenance, disabled) or in a disabled cluster take no VMs, as in CloudStack's
  // deployment planner (listAllUpAndEnabledHosts).
  let hosts = hostsInZone(store, vm.zoneId).filter((id) => {
    const host = store.hosts.get(id);
    const cluster = host && store.clusters.get(host.clusterId);
    return (host?.resourceState ?? 'Enabled') === 'Enabled' && cluster?.allocationState !== 'Disabled';
  });
  for (const group of groupsOf(store, vm.id)) {
    const used = new Set<string>();
    for (const otherId of group.vmIds) {
      const other = otherId === vm.id ? undefined : store.vms.get(otherId);
      if (other?.hostId) used.add(other.hostId);
    }
    if (group.type === 'host anti-affinity') hosts = hosts.filter((h) => !used.has(h));
    else if (used.size > 0) hosts = hosts.filter((h) => used.has(h));
  }
  return hosts;
}

/** CloudStack's VM[User|i-2-5-VM] form, which its deployment errors name a VM by. */
export function vmLabel(store: Store, vm: Vm): string {
  const owner = store.accounts.get(vm.accountId);
  return `VM[User|i-${owner?.internalId ?? 0}-${vm.internalId}-VM]`;
}
