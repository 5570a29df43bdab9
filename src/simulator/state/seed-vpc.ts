// VPC tiers and network ACLs (issue 14): the network offering for VPC tiers and the two global network ACL
// lists every CloudStack has (default_deny, internal id 1, and default_allow, 2, each with an ingress and an
// egress rule for all traffic; engine/schema's network_acl and network_acl_item rows). Seeded after everything
// else, so the ids of older seeded objects stay what they were.
import type { NetworkAclItem } from './model.js';
import type { Store } from './store.js';

export const DEFAULT_DENY_ACL = 'default_deny';
export const DEFAULT_ALLOW_ACL = 'default_allow';

export function seedVpcTiers(store: Store, now: number): void {
  const offeringId = store.newId();
  store.networkOfferings.set(offeringId, {
    id: offeringId,
    name: 'DefaultIsolatedNetworkOfferingForVpcNetworks',
    displayText: 'Offering for Isolated VPC networks with Source Nat service enabled',
    guestIpType: 'Isolated',
    availability: 'Optional',
    isDefault: true,
    specifyVlan: false,
    specifyIpRanges: false,
    services: [
      'Dhcp',
      'Dns',
      'Lb',
      'NetworkACL',
      'PortForwarding',
      'SourceNat',
      'StaticNat',
      'UserData',
      'Vpn',
    ],
    forVpc: true,
    created: now,
  });
  for (const [name, description, action] of [
    [DEFAULT_DENY_ACL, 'Default Network ACL Deny All', 'Deny'],
    [DEFAULT_ALLOW_ACL, 'Default Network ACL Allow All', 'Allow'],
  ] as const) {
    const aclId = store.newId();
    store.networkAcls.set(aclId, {
      id: aclId,
      internalId: store.nextInternalId('network_acl', 1),
      name,
      description,
      vpcId: undefined,
      forDisplay: true,
    });
    (['Ingress', 'Egress'] as const).forEach((trafficType, index) => {
      const item: NetworkAclItem = {
        id: store.newId(),
        internalId: store.nextInternalId('network_acl_item', 1),
        aclId,
        number: index + 1,
        protocol: 'all',
        startPort: undefined,
        endPort: undefined,
        icmpType: undefined,
        icmpCode: undefined,
        cidrs: ['0.0.0.0/0'],
        action,
        trafficType,
        state: 'Active',
        reason: undefined,
        forDisplay: true,
      };
      store.networkAclItems.set(item.id, item);
    });
  }
}
