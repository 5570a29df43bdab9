// Physical networks and guest VLAN dedication (issue 14, root admins), and VM usage history (users):
// createPhysicalNetwork / listPhysicalNetworks (each zone's seeded physical network listed under the id its
// networks carry), dedicateGuestVlanRange (NetworkServiceImpl.dedicateGuestVlanRange), and
// listVirtualMachinesUsageHistory (MetricsServiceImpl: the VMs' stats, one sample at the call's time).
import { idParam, pagingParams, param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { invalidParameter } from '../errors.js';
import type { Account, Vm } from '../state/model.js';
import type { Store } from '../state/store.js';
import { field, formatDate, jobFields, View } from '../views/view.js';
import { idNameKeyword, listOf, ownerScope } from './listing.js';
import { defineApi, jobStarted } from './types.js';

interface PhysicalNetwork {
  id: string;
  name: string;
  zoneId: string;
  state: 'Enabled' | 'Disabled';
  broadcastDomainRange: string;
  isolationMethods: string;
  vlan?: string;
  tags?: string;
  networkSpeed?: string;
  domainId?: string;
  /** Guest VLAN ranges dedicated to accounts: first and last VLAN, owner. */
  dedicated: Array<{ id: string; first: number; last: number; accountId: string }>;
}

const physicalByStore = new WeakMap<Store, Map<string, PhysicalNetwork>>();

function physicalNetworksOf(store: Store): Map<string, PhysicalNetwork> {
  let table = physicalByStore.get(store);
  if (!table) {
    table = new Map();
    for (const zone of store.zones.values()) {
      table.set(zone.physicalNetworkId, {
        id: zone.physicalNetworkId,
        name: `Physical Network 1 (${zone.name})`,
        zoneId: zone.id,
        state: 'Enabled',
        broadcastDomainRange: zone.networkType === 'Basic' ? 'POD' : 'ZONE',
        isolationMethods: 'VLAN',
        vlan: zone.networkType === 'Advanced' ? '100-199' : undefined,
        dedicated: [],
      });
    }
    physicalByStore.set(store, table);
  }
  return table;
}

const physicalNetworkView = new View<PhysicalNetwork>([
  field('id', 'string', 'the uuid of the physical network', (p) => p.id),
  field('name', 'string', 'name of the physical network', (p) => p.name),
  field(
    'broadcastdomainrange',
    'string',
    'Broadcast domain range of the physical network',
    (p) => p.broadcastDomainRange,
  ),
  field('zoneid', 'string', 'zone id of the physical network', (p) => p.zoneId),
  field(
    'zonename',
    'string',
    'zone name of the physical network',
    (p, rc) => rc.store.zones.get(p.zoneId)?.name,
  ),
  field('state', 'string', 'state of the physical network', (p) => p.state),
  field('isolationmethods', 'string', 'isolation methods', (p) => p.isolationMethods),
  field('vlan', 'string', 'the vlan of the physical network', (p) => p.vlan),
  field('tags', 'string', 'comma separated tag', (p) => p.tags),
  field('networkspeed', 'string', 'the speed of the physical network', (p) => p.networkSpeed),
  field('domainid', 'string', 'the domain id of the physical network owner', (p) => p.domainId),
  ...jobFields<PhysicalNetwork>(),
]);

/** Numeric ids of a zone and a physical network, as DedicateGuestVlanRangeResponse prints them (long). */
function ordinal<T>(table: ReadonlyMap<string, T>, id: string): number {
  return [...table.keys()].indexOf(id) + 1;
}

function dedicatedRangeAnswer(
  store: Store,
  physical: PhysicalNetwork,
  range: PhysicalNetwork['dedicated'][number],
): Record<string, unknown> {
  const account: Account | undefined = store.accounts.get(range.accountId);
  const domain = account ? store.domains.get(account.domainId) : undefined;
  return {
    id: range.id,
    account: account?.name,
    domainid: domain?.id,
    domain: domain?.name,
    guestvlanrange: `${range.first}-${range.last}`,
    physicalnetworkid: ordinal(physicalNetworksOf(store), physical.id),
    zoneid: ordinal(store.zones, physical.zoneId),
  };
}

const DEDICATED_VLAN_FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string', description: 'the ID of the guest VLAN range' },
  { name: 'account', type: 'string', description: 'the account of the guest VLAN range' },
  { name: 'domainid', type: 'string', description: 'the domain ID of the guest VLAN range' },
  { name: 'domain', type: 'string', description: 'the domain name of the guest VLAN range' },
  { name: 'guestvlanrange', type: 'string', description: 'the guest VLAN range' },
  { name: 'physicalnetworkid', type: 'long', description: 'the physical network of the guest vlan range' },
  { name: 'zoneid', type: 'long', description: 'the zone of the guest vlan range' },
];

interface VmStats {
  vm: Vm;
  at: number;
}

const statsView = new View<VmStats>([
  field('id', 'string', 'the ID of the virtual machine', (s) => s.vm.id),
  field('name', 'string', 'the name of the virtual machine', (s) => s.vm.name),
  field('displayname', 'string', 'user generated name', (s) => s.vm.displayName),
  field('stats', 'list', 'the list of VM stats', (s) => {
    const running = s.vm.state === 'Running';
    const memoryKbs = s.vm.memory * 1024;
    return [
      {
        timestamp: formatDate(s.at),
        // The simulated guest idles: no CPU, disk or network use; its memory is all in use while it runs.
        cpuused: '0%',
        diskioread: 0,
        diskiowrite: 0,
        diskiopstotal: 0,
        diskkbsread: 0,
        diskkbswrite: 0,
        memoryintfreekbs: running ? 0 : memoryKbs,
        memorykbs: memoryKbs,
        memorytargetkbs: memoryKbs,
        networkkbsread: 0,
        networkkbswrite: 0,
        networkread: '0.00 MiB',
        networkwrite: '0.00 MiB',
      },
    ];
  }),
]);

export const zoneNetworkApis = [
  defineApi({
    access: 'admin',
    cmdClass: 'org.apache.cloudstack.api.command.admin.network.CreatePhysicalNetworkCmd',
    spec: {
      name: 'createPhysicalNetwork',
      description: 'Creates a physical network (Disabled until updated).',
      isAsync: true,
      since: '3.0.0',
      related: ['listPhysicalNetworks'],
      params: [
        param('name', 'string', 'the name of the physical network', { required: true }),
        idParam('zoneid', 'zone', 'the Zone ID for the physical network', { required: true }),
        param(
          'broadcastdomainrange',
          'string',
          'the broadcast domain range for the physical network[Pod or Zone]',
        ),
        param('isolationmethods', 'list', 'the isolation method for the physical network[VLAN/L3/GRE]', {
          items: 'string',
        }),
        param('vlan', 'string', 'the VLAN for the physical network'),
        param('tags', 'list', 'Tag the physical network', { items: 'string' }),
        param('networkspeed', 'string', 'the speed for the physical network[1G/10G]'),
        idParam('domainid', 'domain', 'domain ID of the account owning a physical network'),
      ],
      response: physicalNetworkView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const zone = store.zone(params.requiredId('zoneid'));
      const range = (params.text('broadcastdomainrange') ?? 'ZONE').toUpperCase();
      if (range !== 'ZONE' && range !== 'POD') {
        throw invalidParameter(
          `Invalid broadcastDomainRange specified: ${params.text('broadcastdomainrange')}`,
        );
      }
      const table = physicalNetworksOf(store);
      const physical: PhysicalNetwork = {
        id: store.newId(),
        name: params.text('name') ?? '',
        zoneId: zone.id,
        state: 'Disabled',
        broadcastDomainRange: range,
        isolationMethods: (params.list('isolationmethods') ?? ['VLAN']).join(','),
        vlan: params.text('vlan'),
        tags: params.list('tags')?.join(','),
        networkSpeed: params.text('networkspeed'),
        domainId: params.id('domainid'),
        dedicated: [],
      };
      table.set(physical.id, physical);
      const job = ctx.startJob({
        instanceType: 'PhysicalNetwork',
        instanceId: physical.id,
        finish: () => ({ physicalnetwork: physicalNetworkView.render(physical, ctx.rc) }),
        rollback: () => table.delete(physical.id),
      });
      return jobStarted(job.id, physical.id);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listPhysicalNetworks',
      description: 'Lists physical networks',
      isAsync: false,
      since: '3.0.0',
      related: ['createPhysicalNetwork'],
      params: [
        param('id', 'uuid', 'list physical network by id'),
        param('name', 'string', 'search by name'),
        idParam('zoneid', 'zone', 'the Zone ID for the physical network'),
        ...pagingParams,
      ],
      response: physicalNetworkView.fields,
    },
    handle(ctx) {
      const matches = idNameKeyword<PhysicalNetwork>(ctx.params);
      const zoneId = ctx.params.id('zoneid');
      const items = [...physicalNetworksOf(ctx.store).values()].filter(
        (p) => matches(p) && (zoneId === undefined || p.zoneId === zoneId),
      );
      return listOf(ctx, 'physicalnetwork', items, physicalNetworkView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'dedicateGuestVlanRange',
      description: 'Dedicates a guest vlan range to an account',
      isAsync: false,
      related: ['listPhysicalNetworks'],
      params: [
        param('vlanrange', 'string', 'guest vlan range to be dedicated', { required: true }),
        param('physicalnetworkid', 'uuid', 'physical network ID of the vlan', { required: true }),
        param('account', 'string', 'account who will own the VLAN'),
        idParam('domainid', 'domain', 'domain ID of the account owning a VLAN'),
        idParam('projectid', 'project', 'project who will own the VLAN'),
      ],
      response: DEDICATED_VLAN_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const physical = physicalNetworksOf(store).get(params.text('physicalnetworkid') ?? '');
      if (!physical) {
        throw invalidParameter(`Unable to find physical network by id ${params.text('physicalnetworkid')}`);
      }
      const text = params.text('vlanrange') ?? '';
      const match = /^(\d+)(?:-(\d+))?$/.exec(text);
      const first = Number(match?.[1]);
      const last = Number(match?.[2] ?? match?.[1]);
      if (!match || first > last || last > 4094) {
        throw invalidParameter('Please provide valid guest vlan range');
      }
      const accountName = params.text('account') ?? ctx.caller.account.name;
      const domainId = params.id('domainid') ?? ctx.caller.account.domainId;
      const account = [...store.accounts.values()].find(
        (a) => a.name === accountName && a.domainId === domainId,
      );
      if (!account) throw invalidParameter(`Unable to find account by name ${accountName}`);
      // NetworkServiceImpl.dedicateGuestVlanRange: within the physical network's range, and not dedicated yet.
      const own = /^(\d+)-(\d+)$/.exec(physical.vlan ?? '');
      if (!own || first < Number(own[1]) || last > Number(own[2])) {
        throw invalidParameter(
          `Unable to find guest vlan by range ${text} for physical network ${physical.id}: the network's range is ${physical.vlan ?? 'empty'}`,
        );
      }
      const taken = physical.dedicated.find((d) => first <= d.last && last >= d.first);
      if (taken) {
        throw invalidParameter(
          `Vlan range is already dedicated to another account. Cannot dedicate guest vlan range ${text}`,
        );
      }
      const range = { id: store.newId(), first, last, accountId: account.id };
      physical.dedicated.push(range);
      return { dedicatedguestvlanrange: dedicatedRangeAnswer(store, physical, range) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listVirtualMachinesUsageHistory',
      description: 'Lists VM stats',
      isAsync: false,
      since: '4.17',
      related: ['listVirtualMachines'],
      params: [
        idParam('id', 'vm', 'the ID of the virtual machine.'),
        param('ids', 'list', 'the IDs of the virtual machines, mutually exclusive with id.', {
          entity: 'vm',
          items: 'uuid',
        }),
        param('name', 'string', 'name of the virtual machine (a substring match)'),
        param('startdate', 'date', 'start date to filter stats.Use format "yyyy-MM-dd hh:mm:ss")'),
        param('enddate', 'date', 'end date to filter stats.Use format "yyyy-MM-dd hh:mm:ss")'),
        ...pagingParams,
      ],
      response: statsView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const owners = ownerScope(ctx);
      const id = params.id('id');
      const ids = params.list('ids');
      if (id !== undefined && ids !== undefined) {
        throw invalidParameter('id and ids are mutually exclusive');
      }
      const name = params.text('name')?.toLowerCase();
      const keyword = params.text('keyword')?.toLowerCase();
      const items = [...store.vms.values()]
        .filter(
          (vm) =>
            owners(vm.accountId) &&
            vm.state !== 'Expunging' &&
            (id === undefined || vm.id === id) &&
            (ids === undefined || ids.includes(vm.id)) &&
            (name === undefined || vm.name.toLowerCase().includes(name)) &&
            (keyword === undefined || vm.name.toLowerCase().includes(keyword)),
        )
        .map((vm) => ({ vm, at: ctx.now }));
      return listOf(ctx, 'virtualmachine', items, statsView);
    },
  }),
];
