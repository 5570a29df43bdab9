// Public IP addresses: handed out from the zone's public range, first one of an isolated network is its
// source NAT address (IpAddressManagerImpl.associateIPToGuestNetwork: no source NAT IP yet -> this one).
import { ErrorCode, serverApiError } from '../errors.js';
import { formatIp } from '../views/vm.js';
import type { Network, PublicIp, Vpc } from './model.js';
import type { Store } from './store.js';
import { extraPublicAddresses } from './vlan-ranges.js';

/** The lowest free address of the zone's range; CloudStack's InsufficientAddressCapacityException. */
function freeAddress(store: Store, zoneId: string, wanted: string | undefined): string {
  const range = store.publicRanges.get(zoneId);
  if (!range) {
    throw serverApiError(
      ErrorCode.INSUFFICIENT_CAPACITY,
      `Insufficient address capacity: no public IP range in zone ${zoneId}`,
    );
  }
  const used = new Set([...store.publicIps.values()].map((ip) => ip.address));
  for (let i = 0; i < range.size; i++) {
    const candidate = formatIp(range.base + i);
    if (!used.has(candidate) && (wanted === undefined || wanted === candidate)) return candidate;
  }
  // Then the ranges createVlanIpRange added to the zone (issue 14).
  for (const value of extraPublicAddresses(store, zoneId)) {
    const candidate = formatIp(value);
    if (!used.has(candidate) && (wanted === undefined || wanted === candidate)) return candidate;
  }
  throw serverApiError(
    ErrorCode.INSUFFICIENT_CAPACITY,
    wanted === undefined
      ? 'Insufficient address capacity'
      : `Unable to find available public IP addresses: ${wanted} is not free`,
  );
}

function newPublicIp(
  store: Store,
  zoneId: string,
  accountId: string,
  now: number,
  wanted: string | undefined,
  placement: { networkId: string; vpcId?: string; isSourceNat: boolean },
): PublicIp {
  const ip: PublicIp = {
    id: store.newId(),
    internalId: store.nextInternalId('user_ip_address', 10),
    address: freeAddress(store, zoneId, wanted),
    zoneId,
    accountId,
    ...placement,
    staticNatVmId: undefined,
    state: 'Allocated',
    forDisplay: true,
    allocated: now,
  };
  store.publicIps.set(ip.id, ip);
  return ip;
}

/** Takes the lowest free address of the zone's range for a guest network (not a VPC tier: see acquireVpcIp). */
export function acquirePublicIp(
  store: Store,
  network: Network,
  accountId: string,
  now: number,
  wanted?: string,
): PublicIp {
  const isSourceNat =
    network.type === 'Isolated' &&
    network.vpcId === undefined &&
    ![...store.publicIps.values()].some((ip) => ip.networkId === network.id && ip.isSourceNat);
  return newPublicIp(store, network.zoneId, accountId, now, wanted, { networkId: network.id, isSourceNat });
}

/**
 * An address for a VPC (VpcManagerImpl.associateIPToVpc): owned by the VPC, associated with no tier until a
 * static NAT or rule puts it on one; the VPC's first address is its source NAT address.
 */
export function acquireVpcIp(store: Store, vpc: Vpc, now: number, wanted?: string): PublicIp {
  const isSourceNat = ![...store.publicIps.values()].some((ip) => ip.vpcId === vpc.id && ip.isSourceNat);
  return newPublicIp(store, vpc.zoneId, vpc.accountId, now, wanted, {
    networkId: '',
    vpcId: vpc.id,
    isSourceNat,
  });
}

/** An isolated network gets its source NAT address when it is implemented. */
export function ensureSourceNat(store: Store, network: Network, now: number): void {
  // A VPC tier uses its VPC's source NAT address.
  if (network.type !== 'Isolated' || network.vpcId !== undefined || !store.publicRanges.has(network.zoneId))
    return;
  const offering = store.networkOfferings.get(network.offeringId);
  if (!offering?.services.includes('SourceNat')) return;
  if ([...store.publicIps.values()].some((ip) => ip.networkId === network.id && ip.isSourceNat)) return;
  acquirePublicIp(store, network, network.accountId, now);
}

/** Releases an address and everything on it (rules, load balancers, static NAT). */
export function releasePublicIp(store: Store, ip: PublicIp): void {
  for (const rule of [...store.netRules.values()]) {
    if (rule.ipId === ip.id) {
      store.forget(
        store.netRules,
        rule.purpose === 'Firewall' ? 'firewallrule' : 'portforwardingrule',
        rule.id,
      );
    }
  }
  for (const lb of [...store.loadBalancers.values()]) {
    if (lb.ipId === ip.id) {
      store.forget(store.loadBalancers, 'loadbalancer', lb.id);
    }
  }
  store.forget(store.publicIps, 'publicip', ip.id);
}

/**
 * What an expunged VM leaves behind: its port forwarding rules (and the firewall rules opened for them),
 * its static NAT and its load balancer memberships (RulesManagerImpl.revokePortForwardingRulesForVm,
 * revokeStaticNatRulesForVm, LoadBalancingRulesManagerImpl.removeVmFromLoadBalancers).
 */
export function releaseVmRules(store: Store, vmId: string): void {
  for (const rule of [...store.netRules.values()]) {
    if (rule.vmId !== vmId) continue;
    for (const related of [...store.netRules.values()]) {
      if (related.relatedId === rule.id) {
        store.forget(store.netRules, 'firewallrule', related.id);
      }
    }
    store.forget(store.netRules, 'portforwardingrule', rule.id);
  }
  for (const ip of store.publicIps.values()) {
    if (ip.staticNatVmId === vmId) {
      ip.staticNatVmId = undefined;
      store.touch(ip.id);
    }
  }
  for (const group of store.securityGroups.values()) {
    if (group.vmIds.includes(vmId)) {
      group.vmIds = group.vmIds.filter((id) => id !== vmId);
      store.touch(group.id);
    }
  }
  for (const lb of store.loadBalancers.values()) {
    if (lb.vmIds.includes(vmId)) {
      lb.vmIds = lb.vmIds.filter((id) => id !== vmId);
      store.touch(lb.id);
    }
  }
}
