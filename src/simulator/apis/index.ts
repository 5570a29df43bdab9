// Every API the simulator implements.
import { accountApis } from './accounts.js';
import { addressApis } from './addresses.js';
import { adminMiscApis } from './admin-misc.js';
import { affinityGroupApis } from './affinity-groups.js';
import { computeApis } from './compute.js';
import { configurationApis } from './configurations.js';
import { discoveryApis } from './discovery.js';
import { domainApis } from './domains.js';
import { eventApis } from './events.js';
import { firewallApis } from './firewall.js';
import { identityApis } from './identity.js';
import { imageLifecycleApis } from './image-lifecycle.js';
import { imageApis } from './images.js';
import { infraAdminApis } from './infra-admin.js';
import { infrastructureApis } from './infrastructure.js';
import { jobApis } from './jobs.js';
import { kubernetesApis } from './kubernetes.js';
import { limitApis } from './limits.js';
import { loadBalancerApis } from './loadbalancer.js';
import { networkAclApis } from './network-acls.js';
import { networkAdminApis } from './network-admin.js';
import { networkApis } from './networks.js';
import { nicApis } from './nics.js';
import { offeringApis } from './offerings.js';
import { projectRoleApis } from './project-roles.js';
import { projectApis } from './projects.js';
import { securityGroupApis } from './security-groups.js';
import { serviceOfferingApis } from './service-offerings.js';
import { sessionApis } from './session.js';
import { snapshotApis } from './snapshots.js';
import { sshKeyApis } from './sshkeys.js';
import { storageApis } from './storage.js';
import { storageAdminApis } from './storage-admin.js';
import { tagApis } from './tags.js';
import type { SimulatedApi } from './types.js';
import { vmApis } from './vms.js';
import { volumeApis } from './volumes.js';
import { vpcApis } from './vpcs.js';
import { vpnApis } from './vpn.js';
import { zoneNetworkApis } from './zone-networks.js';

export const simulatedApis: readonly SimulatedApi[] = [
  ...sessionApis,
  ...discoveryApis,
  ...identityApis,
  // --- Accounts family (issue 15) ---
  ...accountApis,
  ...domainApis,
  ...projectApis,
  ...limitApis,
  ...configurationApis,
  // --- end Accounts family ---
  ...infrastructureApis,
  ...infraAdminApis, // host and cluster administration (issue 14)
  ...networkAdminApis, // network offerings and VLAN IP ranges (issue 14)
  ...adminMiscApis, // annotations, hypervisor capabilities, API limit reset, certificates (issue 14)
  ...zoneNetworkApis, // physical networks, guest VLAN dedication, VM usage history (issue 14)
  ...kubernetesApis, // the Kubernetes plugin: supported versions and clusters (issue 14)
  ...vpnApis, // remote access VPNs (issue 14)
  ...projectRoleApis, // project roles and their permissions (issue 14)
  ...imageApis,
  ...offeringApis,
  ...networkApis,
  // Networking family (issue 14)
  ...addressApis,
  ...firewallApis,
  ...loadBalancerApis,
  ...securityGroupApis,
  ...nicApis,
  ...vpcApis,
  ...networkAclApis, // VPC tiers and network ACLs (issue 14)
  ...storageAdminApis, // storage pools and image stores, added and removed (issue 14)
  ...vmApis,
  ...volumeApis,
  // --- Storage family (issue 14) ---
  ...snapshotApis,
  ...storageApis,
  // --- end Storage family ---
  // --- Images family (issue 14) ---
  ...imageLifecycleApis,
  // --- end Images family ---
  // --- Compute family (issue 14) ---
  ...computeApis,
  ...affinityGroupApis,
  ...serviceOfferingApis,
  ...eventApis,
  // --- end Compute family ---
  ...tagApis,
  ...sshKeyApis,
  ...jobApis,
];
