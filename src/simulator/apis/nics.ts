// NICs of VMs: addNicToVirtualMachine, removeNicFromVirtualMachine, updateDefaultNicForVirtualMachine,
// listNics. Grounded in api/.../command/user/vm/{AddNicToVMCmd,RemoveNicFromVMCmd,UpdateDefaultNicForVMCmd}.java,
// api/.../command/user/nic/ListNicsCmd.java and server/.../vm/UserVmManagerImpl.java (addNicToVirtualMachine,
// removeNicFromVirtualMachine, updateDefaultNicForVirtualMachine): the checks run in the job.
import { idParam, pagingParams, param } from '../catalog/params.js';
import { internalError, invalidParameter, permissionDenied } from '../errors.js';
import { newNic } from '../state/factory.js';
import type { Network, Vm } from '../state/model.js';
import { ensureSourceNat } from '../state/public-ips.js';
import type { Store } from '../state/store.js';
import { nicView, vmView } from '../views/vm.js';
import { canAccess, listOf } from './listing.js';
import { usableBy } from './networks.js';
import { type CallContext, defineApi, jobStarted } from './types.js';

function vmOf(ctx: CallContext): Vm {
  const id = ctx.params.requiredId('virtualmachineid');
  const vm = ctx.store.vms.get(id);
  if (!vm) throw invalidParameter(`unable to find a virtual machine with id ${id}`);
  if (!canAccess(ctx, vm.accountId)) throw permissionDenied(`Caller cannot access virtual machine ${vm.id}`);
  return vm;
}

/** VMInstanceVO.toString and NetworkVO.toString, as CloudStack's messages print them. */
function instanceName(store: Store, vm: Vm): string {
  return `i-${store.accounts.get(vm.accountId)?.internalId ?? 0}-${vm.internalId}-VM`;
}

function networkName(network: Network): string {
  return `Ntwk[${network.internalId}|Guest|${network.offeringId}]`;
}

function vmJob(ctx: CallContext, vm: Vm, begin: () => void, finish: () => void): Record<string, unknown> {
  const job = ctx.startJob({
    instanceType: 'VirtualMachine',
    instanceId: vm.id,
    begin,
    finish() {
      finish();
      ctx.store.touch(vm.id);
      return { virtualmachine: vmView.render(vm, ctx.rc) };
    },
  });
  return jobStarted(job.id);
}

function nicOf(ctx: CallContext, vm: Vm) {
  const nicId = ctx.params.requiredId('nicid');
  const nic = vm.nics.find((n) => n.id === nicId);
  if (!nic) throw invalidParameter(`Unable to find nic ${nicId} of the virtual machine ${vm.id}`);
  return nic;
}

export const nicApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.AddNicToVMCmd',
    spec: {
      name: 'addNicToVirtualMachine',
      description: 'Plugs a VM into another network of its zone (a new NIC).',
      isAsync: true,
      related: ['removeNicFromVirtualMachine', 'updateDefaultNicForVirtualMachine', 'listNics'],
      params: [
        idParam('virtualmachineid', 'vm', 'the VM', { required: true }),
        idParam('networkid', 'network', 'the network to plug it into', { required: true }),
        param('ipaddress', 'string', 'IP address of the new NIC'),
        param('macaddress', 'string', 'MAC address of the new NIC'),
        param('dhcpoptions', 'map', 'extra DHCP options of the new NIC'),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const vm = vmOf(ctx);
      const network = store.networks.get(params.requiredId('networkid'));
      if (!network) throw invalidParameter('unable to find a network with id');
      const ipAddress = params.text('ipaddress');
      if (ipAddress !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(ipAddress)) {
        throw invalidParameter(`Invalid format for IP address parameter: ${ipAddress}`);
      }
      return vmJob(
        ctx,
        vm,
        () => {
          const zone = store.zone(vm.zoneId);
          if (vm.nics.some((n) => n.networkId === network.id)) {
            throw internalError(
              `A NIC already exists for VM:${instanceName(store, vm)} in network: ${network.id}`,
            );
          }
          if (zone.networkType === 'Basic') {
            throw internalError(
              `Zone ${zone.internalId}, has a NetworkType of Basic. Can't add a new NIC to a VM on a Basic Network`,
            );
          }
          if (!usableBy(store, network, vm.accountId)) {
            throw permissionDenied(
              `Account ${store.account(vm.accountId).name} does not have access to network ${network.id}`,
            );
          }
          if (network.zoneId !== vm.zoneId) {
            throw internalError(
              `VM[User|${instanceName(store, vm)}] is in zone:${zone.internalId} but ${networkName(network)} is in zone:${store.zone(network.zoneId).internalId}`,
            );
          }
        },
        () => {
          const deviceId = Math.max(-1, ...vm.nics.map((n) => n.deviceId)) + 1;
          const nic = newNic(store, network, deviceId, ipAddress);
          nic.isDefault = vm.nics.length === 0;
          vm.nics.push(nic);
          if (network.state === 'Allocated' && vm.state === 'Running') network.state = 'Implemented';
          if (network.state === 'Implemented') ensureSourceNat(store, network, ctx.now);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.RemoveNicFromVMCmd',
    spec: {
      name: 'removeNicFromVirtualMachine',
      description: "Unplugs a VM's NIC (not its default one).",
      isAsync: true,
      related: ['addNicToVirtualMachine', 'listNics'],
      params: [
        idParam('virtualmachineid', 'vm', 'the VM', { required: true }),
        idParam('nicid', 'nic', 'the NIC to remove', { required: true }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { store } = ctx;
      const vm = vmOf(ctx);
      const nic = nicOf(ctx, vm);
      return vmJob(
        ctx,
        vm,
        () => {
          const network = store.networks.get(nic.networkId);
          if (nic.isDefault) {
            throw invalidParameter(
              `Unable to remove nic from VM[User|${instanceName(store, vm)}] in ${network ? networkName(network) : nic.networkId}, nic is default.`,
            );
          }
          // Rules forwarding to the NIC's address must go first (RulesManagerImpl checks on NIC release).
          if ([...store.netRules.values()].some((r) => r.vmId === vm.id && r.networkId === nic.networkId)) {
            throw internalError(`Unable to remove nic ${nic.id}: port forwarding rules still point at it`);
          }
        },
        () => {
          vm.nics = vm.nics.filter((n) => n.id !== nic.id);
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vm.UpdateDefaultNicForVMCmd',
    spec: {
      name: 'updateDefaultNicForVirtualMachine',
      description: "Makes another of a VM's NICs its default one.",
      isAsync: true,
      related: ['addNicToVirtualMachine', 'listNics'],
      params: [
        idParam('virtualmachineid', 'vm', 'the VM', { required: true }),
        idParam('nicid', 'nic', 'the NIC to make the default', { required: true }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const vm = vmOf(ctx);
      const nic = nicOf(ctx, vm);
      return vmJob(
        ctx,
        vm,
        () => {
          if (nic.isDefault) {
            throw internalError('refusing to set default nic because chosen nic is already the default nic');
          }
        },
        () => {
          for (const other of vm.nics) other.isDefault = other.id === nic.id;
        },
      );
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listNics',
      description: "Lists a VM's NICs.",
      isAsync: false,
      related: [],
      params: [
        idParam('virtualmachineid', 'vm', 'the VM', { required: true }),
        idParam('nicid', 'nic', 'only this NIC'),
        idParam('networkid', 'network', 'only the NIC in this network'),
        param('fordisplay', 'boolean', 'only NICs shown (or hidden) to end users', { since: '4.4' }),
        ...pagingParams,
      ],
      response: nicView.fields,
    },
    handle(ctx) {
      const vm = vmOf(ctx);
      const nicId = ctx.params.id('nicid');
      const networkId = ctx.params.id('networkid');
      const items = vm.nics
        .filter(
          (n) =>
            (nicId === undefined || n.id === nicId) && (networkId === undefined || n.networkId === networkId),
        )
        .map((nic) => ({ nic, vmId: vm.id }));
      return listOf(ctx, 'nic', items, nicView);
    },
  }),
];
