// SSH key pairs, async jobs and the capabilities object.
import type { AsyncJob } from '../jobs.js';
import type { SshKeyPair } from '../state/model.js';
import { ownerFields } from './common.js';
import { SIMULATOR_VERSION } from './infrastructure.js';
import { field, formatDate, jobFields, View } from './view.js';

export const sshKeyPairView = new View<SshKeyPair>([
  field('id', 'string', 'ID of the key pair', (k) => k.id),
  field('name', 'string', 'name of the key pair', (k) => k.name),
  field('fingerprint', 'string', 'MD5 fingerprint of the public key', (k) => k.fingerprint),
  ...ownerFields<SshKeyPair>('key pair'),
  field('hasannotations', 'boolean', 'whether the key pair has comments', () => false),
  ...jobFields<SshKeyPair>(),
]);

/** What `createSSHKeyPair` answers: the pair plus its private key, shown only this once. */
export const createdKeyPairView = new View<SshKeyPair & { privateKey: string }>([
  ...sshKeyPairView.defsFor<SshKeyPair & { privateKey: string }>(),
  field(
    'privatekey',
    'string',
    'the private key; CloudStack does not keep it, so save it now',
    (k) => k.privateKey,
  ),
]);

export const asyncJobView = new View<AsyncJob>([
  field('accountid', 'string', 'ID of the account that started the job', (j) => j.accountId),
  field('userid', 'string', 'ID of the user that started the job', (j) => j.userId),
  field('cmd', 'string', 'the command class the job runs', (j) => j.cmd),
  field('jobstatus', 'integer', 'status: 0 pending, 1 succeeded, 2 failed', (j) => j.status),
  field('jobprocstatus', 'integer', 'progress status of the job', () => 0),
  field(
    'jobresultcode',
    'integer',
    'result code: 0, or the error code when the job failed',
    (j) => j.resultCode,
  ),
  field('jobresulttype', 'string', 'type of the result', (j) => (j.status === 0 ? undefined : 'object')),
  field(
    'jobresult',
    'responseobject',
    'the result: the object acted on, or errorcode and errortext',
    (j) => j.result,
  ),
  field('jobinstancetype', 'string', 'type of the object the job acts on', (j) => j.instanceType),
  field('jobinstanceid', 'string', 'ID of the object the job acts on', (j) => j.instanceId),
  field('created', 'date', 'when the job was created', (j) => formatDate(j.created)),
  field('completed', 'date', 'when the job ended', (j) => formatDate(j.completed)),
  field('jobid', 'string', 'ID of the job', (j) => j.id),
]);

export const capabilitiesView = new View<null>([
  field('securitygroupsenabled', 'boolean', 'whether any zone uses security groups', () => true),
  field('dynamicrolesenabled', 'boolean', 'whether roles can be edited', () => true),
  field('cloudstackversion', 'string', 'CloudStack version the simulator imitates', () => SIMULATOR_VERSION),
  field('userpublictemplateenabled', 'boolean', 'whether users may make templates public', () => true),
  field('supportELB', 'string', 'whether elastic load balancing is supported', () => 'false'),
  field('projectinviterequired', 'boolean', 'whether joining a project needs an invitation', () => false),
  field('allowusercreateprojects', 'boolean', 'whether users may create projects', () => true),
  field('customdiskofferingminsize', 'long', 'smallest custom disk size in GiB', () => 1),
  field('customdiskofferingmaxsize', 'long', 'largest custom disk size in GiB', () => 1024),
  field('regionsecondaryenabled', 'boolean', 'whether region-wide secondary storage is used', () => false),
  field('kvmsnapshotenabled', 'boolean', 'whether KVM volume snapshots are enabled', () => true),
  field('allowuserviewdestroyedvm', 'boolean', 'whether users see their destroyed VMs', () => true),
  field('allowuserexpungerecovervm', 'boolean', 'whether users may expunge or recover VMs', () => true),
  field(
    'allowuserexpungerecovervolume',
    'boolean',
    'whether users may expunge or recover volumes',
    () => true,
  ),
  field(
    'allowuserviewalldomainaccounts',
    'boolean',
    'whether users see all accounts of their domain',
    () => false,
  ),
  field('kubernetesserviceenabled', 'boolean', 'whether the Kubernetes service is enabled', () => false),
  field(
    'kubernetesclusterexperimentalfeaturesenabled',
    'boolean',
    'whether experimental Kubernetes features are on',
    () => false,
  ),
  field('defaultuipagesize', 'long', 'default page size of the UI', () => 20),
  field('apilimitinterval', 'integer', 'API rate limit window in seconds', () => 1),
  field('apilimitmax', 'integer', 'API calls allowed per window', () => 10000),
]);
