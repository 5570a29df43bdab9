// Every API the simulator implements.
import { discoveryApis } from './discovery.js';
import { identityApis } from './identity.js';
// --- end Storage family ---
// --- Images family (issue 14) ---
import { imageLifecycleApis } from './image-lifecycle.js';
import { imageApis } from './images.js';
import { infrastructureApis } from './infrastructure.js';
import { jobApis } from './jobs.js';
import { networkApis } from './networks.js';
import { offeringApis } from './offerings.js';
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

export const simulatedApis: readonly SimulatedApi[] = [
  ...sessionApis,
  ...discoveryApis,
  ...identityApis,
  ...infrastructureApis,
  ...imageApis,
  ...offeringApis,
  ...networkApis,
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
