// Compute family (issue 14): changing a VM's size, its password and SSH keys, and its host. State rules and
// texts are UserVmManagerImpl's (upgradeStoppedVirtualMachine, upgradeRunningVirtualMachine, resetVMPassword,
// resetVMSSHKey) and VirtualMachineManagerImpl's migration checks.
import { idParam, param } from '../catalog/params.js';
import { ErrorCode, invalidParameter, serverApiError } from '../errors.js';
import { placementHosts, vmLabel } from '../state/affinity.js';
import type { Host, Vm } from '../state/model.js';
import { allocated, hostView, percent } from '../views/infrastructure.js';
import { field, View } from '../views/view.js';
import { vmView } from '../views/vm.js';
import { listOf } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';
import { findKeyPairs, setState, sizing, vmFor, vmResult, vmStep } from './vms.js';

/** The hosts allowed for the VM being asked about, per render context (one request). */
const migrationCandidates = new WeakMap<object, Set<string>>();

/** The simulated management server's msid (a MAC address as a number, as CloudStack's mshost.msid is). */
const MANAGEMENT_SERVER_MSID = 90520734863;

/**
 * HostForMigrationResponse: a host without its HA, out-of-band and annotation fields, whose memoryallocated is a
 * percentage and managementserverid the server's msid, a long (HostJoinDaoImpl.newHostForMigrationResponse).
 */
const NOT_FOR_MIGRATION = new Set([
  'hasannotations',
  'hostha',
  'outofbandmanagement',
  'memoryallocated',
  'managementserverid',
  'jobstatus',
]);
const migrationHostView = new View<Host>([
  ...hostView.defsFor<Host>().filter((def) => !NOT_FOR_MIGRATION.has(def.name)),
  field('memoryallocated', 'string', 'share of memory allocated to VMs', (h, rc) =>
    percent(allocated(rc.store, h).memory, h.memoryTotal),
  ),
  field('managementserverid', 'long', 'the management server ID of the host', () => MANAGEMENT_SERVER_MSID),
  // Always present in CloudStack's answer (0), job or not.
  field('jobstatus', 'integer', 'status of the job acting on the host (0)', () => 0),
  field(
    'suitableformigration',
    'boolean',
    'true if the VM may move there (its affinity groups allow it)',
    (h, rc) => migrationCandidates.get(rc)?.has(h.id) ?? false,
  ),
  field('requiresStorageMotion', 'boolean', 'true if its volumes must move too', () => false),
]);

const RELATED = ['listVirtualMachines', 'listServiceOfferings', 'scaleVirtualMachine'];

const sizeParams = [
  param(
    'details',
    'map',
    'name value pairs of custom parameters for cpuspeed, memory and cpunumber. example details[i].name=value',
  ),
  param(
    'automigrate',
    'boolean',
    'Flag for automatic migration of the root volume with new compute offering whenever migration is required to apply the offering',
    { since: '4.17' },
  ),
  param('miniops', 'long', 'New minimum number of IOPS for the custom disk offering', { since: '4.17' }),
  param('maxiops', 'long', 'New maximum number of IOPS for the custom disk offering', { since: '4.17' }),
  param('shrinkok', 'boolean', 'Verify OK to Shrink', { since: '4.17' }),
];

/** The new sizing, refused when it is the VM's offering already (upgradeStoppedVirtualMachine). */
function newSize(ctx: CallContext, vm: Vm, offeringId: string) {
  const offering = ctx.store.serviceOfferings.get(offeringId);
  const size = sizing(ctx, offeringId);
  if (offering && offering.id === vm.serviceOfferingId && offering.cpuNumber !== undefined) {
    throw invalidParameter(
      `Not upgrading vm ${vmLabel(ctx.store, vm)} since it already has the requested service offering (${offering.name})`,
    );
  }
  return size;
}

function applySize(ctx: CallContext, vm: Vm, offeringId: string, size: ReturnType<typeof sizing>): void {
  vm.serviceOfferingId = offeringId;
  vm.cpuNumber = size.cpuNumber;
  vm.cpuSpeed = size.cpuSpeed;
  vm.memory = size.memory;
  ctx.store.touch(vm.id);
}

/** upgradeRunningVirtualMachine's checks: a dynamically scalable VM, scaled up only. */
function checkRunningScale(
  ctx: CallContext,
  vm: Vm,
  offeringId: string,
  size: ReturnType<typeof sizing>,
): void {
  const offering = ctx.store.serviceOfferings.get(offeringId);
  const current = ctx.store.serviceOfferings.get(vm.serviceOfferingId);
  if (
    size.cpuSpeed < vm.cpuSpeed ||
    size.memory < vm.memory ||
    size.cpuNumber < vm.cpuNumber ||
    (size.cpuSpeed === vm.cpuSpeed && size.memory === vm.memory && size.cpuNumber === vm.cpuNumber)
  ) {
    throw invalidParameter(
      `Only scaling up the vm is supported, new service offering(speed=${size.cpuSpeed},cpu=${size.cpuNumber},memory=,${size.memory}) should have at least one value(cpu/ram) greater than old value and no resource value less than older(speed=${vm.cpuSpeed},cpu=${vm.cpuNumber},memory=,${vm.memory})`,
    );
  }
  if ((offering?.dynamicScalingEnabled ?? true) !== (current?.dynamicScalingEnabled ?? true)) {
    throw invalidParameter(
      'Unable to Scale VM: since dynamic scaling enabled flag is not same for new service offering and old service offering',
    );
  }
  if (!vm.dynamicallyScalable || offering?.dynamicScalingEnabled === false) {
    throw serverApiError(
      ErrorCode.INTERNAL_ERROR,
      `Unable to Scale the vm: ${vm.id} as vm does not have tools to support dynamic scaling`,
    );
  }
}

export const computeApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.ScaleVMCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.ScaleVMCmdByAdmin',
    spec: {
      name: 'scaleVirtualMachine',
      description:
        'Gives a virtual machine another service offering: a stopped one any offering, a running one a larger offering when it is dynamically scalable.',
      isAsync: true,
      related: RELATED,
      params: [
        idParam('id', 'vm', 'The ID of the virtual machine', { required: true }),
        idParam(
          'serviceofferingid',
          'serviceoffering',
          'the ID of the service offering for the virtual machine',
          {
            required: true,
          },
        ),
        ...sizeParams,
      ],
      // CloudStack 4.18 declares a success answer (ScaleVMCmd's responseObject) yet its job answers the VM.
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const offeringId = ctx.params.requiredId('serviceofferingid');
      const size = newSize(ctx, vm, offeringId);
      return vmStep(ctx, vm, {
        begin() {
          if (vm.state === 'Running') checkRunningScale(ctx, vm, offeringId, size);
          else if (vm.state !== 'Stopped') {
            throw invalidParameter(`Unable to scale the vm ${vm.id}: it is in state ${vm.state}`);
          }
          return undefined;
        },
        finish() {
          applySize(ctx, vm, offeringId, size);
          return vmResult(ctx, vm);
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'changeServiceForVirtualMachine',
      description:
        'Changes the service offering of a stopped virtual machine (scaleVirtualMachine also scales running ones).',
      isAsync: false,
      related: RELATED,
      params: [
        idParam('id', 'vm', 'The ID of the virtual machine', { required: true }),
        idParam(
          'serviceofferingid',
          'serviceoffering',
          'the service offering ID to apply to the virtual machine',
          {
            required: true,
          },
        ),
        ...sizeParams,
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const offeringId = ctx.params.requiredId('serviceofferingid');
      if (vm.state !== 'Stopped' || ctx.store.jobs.pendingJobFor(vm.id) !== undefined) {
        throw invalidParameter(
          `Unable to upgrade virtual machine ${vmLabel(ctx.store, vm)}  in state ${vm.state}; make sure the virtual machine is stopped`,
        );
      }
      applySize(ctx, vm, offeringId, newSize(ctx, vm, offeringId));
      return vmResult(ctx, vm);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.ResetVMPasswordCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.ResetVMPasswordCmdByAdmin',
    spec: {
      name: 'resetPasswordForVirtualMachine',
      description:
        'Sets a new random password on a stopped virtual machine whose template is password-enabled; the job result carries it (`password`), once.',
      isAsync: true,
      related: RELATED,
      params: [idParam('id', 'vm', 'The ID of the virtual machine', { required: true })],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      const template = store.templates.get(vm.templateId);
      if (!template?.passwordEnabled) {
        throw invalidParameter(
          'Fail to reset password for the virtual machine, the template is not password enabled',
        );
      }
      return vmStep(ctx, vm, {
        begin() {
          if (vm.state === 'Error' || vm.state === 'Expunging') {
            throw invalidParameter(`Vm with id ${vm.internalId} is not in the right state`);
          }
          if (vm.state !== 'Stopped') {
            throw invalidParameter(`Vm ${vmLabel(store, vm)} should be stopped to do password reset`);
          }
          return undefined;
        },
        finish() {
          vm.password = store.secrets.token(9).replace(/[-_]/g, 'x');
          const result = vmResult(ctx, vm);
          vm.password = undefined;
          return result;
        },
      });
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.ResetVMSSHKeyCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.vm.ResetVMSSHKeyCmdByAdmin',
    spec: {
      name: 'resetSSHKeyForVirtualMachine',
      description: 'Replaces the SSH key pairs of a stopped virtual machine.',
      isAsync: true,
      related: ['listSSHKeyPairs', 'listVirtualMachines'],
      params: [
        idParam('id', 'vm', 'The ID of the virtual machine', { required: true }),
        param('keypair', 'string', 'name of the ssh key pair used to login to the virtual machine'),
        param('keypairs', 'list', 'names of the ssh key pairs to be used to login to the virtual machine', {
          since: '4.17',
        }),
        param('account', 'string', 'an optional account for the ssh key. Must be used with domainId.'),
        idParam(
          'domainid',
          'domain',
          'an optional domainId for the virtual machine. If the account parameter is used, domainId must also be used.',
        ),
        idParam('projectid', 'unmodelled', 'an optional project for the ssh key'),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('id'));
      if (ctx.params.text('keypair') === undefined && ctx.params.list('keypairs') === undefined) {
        throw invalidParameter("'keypair' or 'keyparis' must be specified");
      }
      const keypairs = findKeyPairs(ctx, vm.accountId);
      return vmStep(ctx, vm, {
        begin() {
          if (vm.state !== 'Stopped') {
            throw invalidParameter(`Vm ${vmLabel(store, vm)} should be stopped to do SSH Key reset`);
          }
          return undefined;
        },
        finish() {
          vm.keypairs = keypairs;
          setState(store, vm, vm.state);
          return vmResult(ctx, vm);
        },
      });
    },
  }),
  defineApi({
    access: 'admin',
    cmdClass: 'org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd',
    spec: {
      name: 'migrateVirtualMachine',
      description:
        'Moves a running virtual machine to another host of its zone (hostid, or one chosen), respecting its affinity groups.',
      isAsync: true,
      related: ['findHostsForMigration', 'listHosts', 'listVirtualMachines'],
      params: [
        idParam('virtualmachineid', 'vm', 'the ID of the virtual machine', { required: true }),
        idParam('hostid', 'host', 'Destination Host ID to migrate VM to.'),
        idParam(
          'storageid',
          'storagepool',
          'Destination storage pool ID to migrate VM volumes to. Required for migrating the root disk volume',
        ),
        param(
          'autoselect',
          'boolean',
          'Automatically select a destination host which do not require storage migration, if hostId and storageId are not specified. false by default',
          { since: '4.16.0' },
        ),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('virtualmachineid'));
      const wanted = ctx.params.id('hostid');
      if (vm.state !== 'Running') {
        throw invalidParameter(`VM is not Running, unable to migrate the vm ${vmLabel(store, vm)}`);
      }
      if (wanted !== undefined) {
        const host = store.hosts.get(wanted);
        if (host?.id === vm.hostId) {
          throw invalidParameter(
            'Cannot migrate VM, VM is already present on this host, please specify valid destination host to migrate the VM',
          );
        }
        if (host?.zoneId !== vm.zoneId) {
          throw invalidParameter(
            `Cannot migrate VM, destination host ${wanted} is not in the zone of the VM`,
          );
        }
      }
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        finish() {
          const targets = placementHosts(store, vm).filter((h) => h !== vm.hostId);
          const target = wanted ?? targets[0];
          if (target === undefined || !targets.includes(target)) {
            throw serverApiError(
              ErrorCode.INSUFFICIENT_CAPACITY,
              `Unable to find a host to migrate ${vmLabel(store, vm)}`,
            );
          }
          vm.hostId = target;
          vm.lastHostId = target;
          setState(store, vm, 'Running');
          return vmResult(ctx, vm);
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'findHostsForMigration',
      description:
        "Lists the hosts a virtual machine could move to: its zone's other hosts, flagged suitable when its affinity groups allow them.",
      isAsync: false,
      related: ['migrateVirtualMachine'],
      params: [
        idParam(
          'virtualmachineid',
          'vm',
          'find hosts to which this VM can be migrated and flag the hosts with enough CPU/RAM to host the VM',
          { required: true },
        ),
        param('keyword', 'string', 'List by keyword'),
        param('page', 'integer', 'page number to return, counting from 1'),
        param('pagesize', 'integer', 'number of objects per page'),
      ],
      response: migrationHostView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmFor(ctx, ctx.params.requiredId('virtualmachineid'));
      if (vm.state !== 'Running') {
        throw invalidParameter(`VM is not running, cannot migrate the vm ${vmLabel(store, vm)}`);
      }
      migrationCandidates.set(ctx.rc, new Set(placementHosts(store, vm)));
      const keyword = ctx.params.text('keyword')?.toLowerCase();
      const hosts = [...store.hosts.values()].filter(
        (h) =>
          h.zoneId === vm.zoneId &&
          h.id !== vm.hostId &&
          (keyword === undefined || h.name.toLowerCase().includes(keyword)),
      );
      return listOf(ctx, 'host', hosts, migrationHostView);
    },
  }),
];
