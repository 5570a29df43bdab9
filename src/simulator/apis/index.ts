// Every API the simulator implements.
// --- Accounts family (issue 15) ---
import { accountApis } from './accounts.js';
import { addressApis } from './addresses.js';
import { configurationApis } from './configurations.js';
import { discoveryApis } from './discovery.js';
import { domainApis } from './domains.js';
// --- end Accounts family ---
import { firewallApis } from './firewall.js';
import { identityApis } from './identity.js';
// --- end Storage family ---
// --- Images family (issue 14) ---
import { imageLifecycleApis } from './image-lifecycle.js';
import { imageApis } from './images.js';
import { infrastructureApis } from './infrastructure.js';
import { jobApis } from './jobs.js';
import { limitApis } from './limits.js';
import { loadBalancerApis } from './loadbalancer.js';
import { networkApis } from './networks.js';
import { nicApis } from './nics.js';
import { offeringApis } from './offerings.js';
import { projectApis } from './projects.js';
import { securityGroupApis } from './security-groups.js';
import { sessionApis } from './session.js';
// --- Storage family (issue 14) ---
import { snapshotApis } from './snapshots.js';
// --- end Images family ---
import { sshKeyApis } from './sshkeys.js';
import { storageApis } from './storage.js';
import { tagApis } from './tags.js';
import type { SimulatedApi } from './types.js';
import { vmApis } from './vms.js';
import { volumeApis } from './volumes.js';
import { vpcApis } from './vpcs.js';

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
  ...vmApis,
  ...volumeApis,
  // --- Storage family (issue 14) ---
  ...snapshotApis,
  ...storageApis,
  // --- end Storage family ---
  // --- Images family (issue 14) ---
  ...imageLifecycleApis,
  // --- end Images family ---
  ...tagApis,
  ...sshKeyApis,
  ...jobApis,
];
