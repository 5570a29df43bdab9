// Public VLAN IP ranges (issue 14): the zone's seeded public range plus the ranges createVlanIpRange adds.
// Kept beside the store (one table per store) so the seeded world and the store stay as they were; the seeded
// range is listed under the id its addresses already carry as `vlanid`.
import { formatIp } from '../views/vm.js';
import { parseIp } from './factory.js';
import type { Store } from './store.js';

export interface VlanIpRange {
  id: string;
  zoneId: string;
  vlan: string;
  gateway: string;
  netmask: string;
  /** First and last address as 32-bit numbers. */
  start: number;
  end: number;
  forVirtualNetwork: boolean;
  forSystemVms: boolean;
  networkId: string;
  physicalNetworkId: string;
  podId?: string;
  /** The zone's seeded range, whose addresses public-ips.ts hands out first. */
  seeded?: boolean;
}

const tables = new WeakMap<Store, Map<string, VlanIpRange>>();

export function vlanRangesOf(store: Store): Map<string, VlanIpRange> {
  let table = tables.get(store);
  if (!table) {
    table = new Map();
    for (const range of store.publicRanges.values()) {
      const zone = store.zones.get(range.zoneId);
      table.set(range.vlanId, {
        id: range.vlanId,
        zoneId: range.zoneId,
        vlan: 'vlan://untagged',
        gateway: formatIp(((range.base >>> 8) << 8) + 1),
        netmask: '255.255.255.0',
        start: range.base,
        end: range.base + range.size - 1,
        forVirtualNetwork: true,
        forSystemVms: false,
        networkId: range.networkId,
        physicalNetworkId: zone?.physicalNetworkId ?? '',
        seeded: true,
      });
    }
    tables.set(store, table);
  }
  return table;
}

/** The prefix length of a dotted netmask, or undefined when it is not one. */
export function prefixOf(netmask: string): number | undefined {
  const value = parseIp(netmask);
  if (value === undefined) return undefined;
  const bits = value.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : undefined;
}

/** Addresses of the zone's added public ranges (not the seeded one), in order, for allocation. */
export function extraPublicAddresses(store: Store, zoneId: string): Iterable<number> {
  const ranges = [...vlanRangesOf(store).values()].filter(
    (r) => r.zoneId === zoneId && !r.seeded && r.forVirtualNetwork && !r.forSystemVms,
  );
  return (function* () {
    for (const range of ranges) for (let ip = range.start; ip <= range.end; ip++) yield ip;
  })();
}

/** Public addresses of a range that are acquired. */
export function addressesInUse(store: Store, range: VlanIpRange): string[] {
  return [...store.publicIps.values()]
    .filter((ip) => ip.zoneId === range.zoneId)
    .map((ip) => ip.address)
    .filter((address) => {
      const value = parseIp(address);
      return value !== undefined && value >= range.start && value <= range.end;
    })
    .sort((a, b) => (parseIp(a) ?? 0) - (parseIp(b) ?? 0));
}
