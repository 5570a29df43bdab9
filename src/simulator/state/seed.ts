// The world a fresh simulator starts with: ROOT domain, the admin account (admin/password, with API keys),
// an Advanced and a Basic zone with pods, clusters and hosts, OS types, templates, ISOs, offerings,
// networks, and optionally many virtual machines for load work.
import { createVm, createVolume, hostsInZone } from './factory.js';
import { ACCOUNT_TYPE, type Account, type Network, type Template, type User, type Zone } from './model.js';
import { ensureSourceNat } from './public-ips.js';
import { seedStorage } from './seed-storage.js';
import { seedVpcTiers } from './seed-vpc.js';
import type { Store } from './store.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'password';
export const ADVANCED_ZONE_NAME = 'Sim-Advanced';
export const BASIC_ZONE_NAME = 'Sim-Basic';
export const DEFAULT_TEMPLATE_NAME = 'CentOS 5.6(64-bit) no GUI (Simulator)';
export const DEFAULT_OFFERING_NAME = 'Small Instance';

const GiB = 1024 ** 3;

export interface SeededWorld {
  adminAccount: Account;
  adminUser: User;
  systemAccount: Account;
}

function ipToNumber(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

/** The admin's API keys when the caller chose them (they are drawn from the seed otherwise). */
export interface AdminKeys {
  apiKey: string;
  secretKey: string;
}

export function seedWorld(store: Store, seedVms: number, now: number, adminKeys?: AdminKeys): SeededWorld {
  // Keys first, so they depend on the seed alone; drawn even when given, so every later draw stays the same.
  const drawnApiKey = store.secrets.token(64);
  const drawnSecretKey = store.secrets.token(64);
  const adminApiKey = adminKeys?.apiKey ?? drawnApiKey;
  const adminSecretKey = adminKeys?.secretKey ?? drawnSecretKey;

  const root = {
    id: store.newId(),
    internalId: store.nextInternalId('domain'),
    name: 'ROOT',
    parentId: undefined,
    path: 'ROOT',
    level: 0,
    networkDomain: undefined,
    created: now,
  };
  store.domains.set(root.id, root);

  const roles = {
    admin: {
      id: store.newId(),
      name: 'Root Admin',
      type: 'Admin' as const,
      description: 'Default root admin role',
    },
    resource: {
      id: store.newId(),
      name: 'Resource Admin',
      type: 'ResourceAdmin' as const,
      description: 'Default resource admin role',
    },
    domain: {
      id: store.newId(),
      name: 'Domain Admin',
      type: 'DomainAdmin' as const,
      description: 'Default domain admin role',
    },
    user: { id: store.newId(), name: 'User', type: 'User' as const, description: 'Default user role' },
  };
  for (const role of Object.values(roles)) store.roles.set(role.id, { ...role, isDefault: true });

  const newAccount = (name: string, internalId: number): Account => ({
    id: store.newId(),
    internalId,
    name,
    domainId: root.id,
    type: ACCOUNT_TYPE.ADMIN,
    roleId: roles.admin.id,
    state: 'enabled',
    networkDomain: undefined,
    details: {},
    created: now,
    isDefault: true,
  });
  const systemAccount = newAccount('system', store.nextInternalId('account'));
  const adminAccount = newAccount('admin', store.nextInternalId('account'));
  store.accounts.set(systemAccount.id, systemAccount);
  store.accounts.set(adminAccount.id, adminAccount);
  store.nextInternalId('user'); // the system user takes id 1 in CloudStack
  const adminUser: User = {
    id: store.newId(),
    internalId: store.nextInternalId('user'),
    accountId: adminAccount.id,
    username: ADMIN_USERNAME,
    password: ADMIN_PASSWORD,
    firstname: 'admin',
    lastname: 'cloud',
    email: undefined,
    timezone: undefined,
    apiKey: adminApiKey,
    secretKey: adminSecretKey,
    state: 'enabled',
    isDefault: true,
    created: now,
  };
  store.users.set(adminUser.id, adminUser);

  const osCategory = store.newId();
  const osTypes: Record<string, string> = {};
  for (const description of [
    'CentOS 5.6 (64-bit)',
    'Ubuntu 22.04 LTS',
    'Debian GNU/Linux 12 (64-bit)',
    'Other Linux (64-bit)',
    'Windows Server 2019 (64-bit)',
    'Other (64-bit)',
  ]) {
    const id = store.newId();
    store.osTypes.set(id, { id, description, categoryId: osCategory });
    osTypes[description] = id;
  }

  const zones: Zone[] = [
    {
      id: store.newId(),
      internalId: store.nextInternalId('data_center'),
      name: ADVANCED_ZONE_NAME,
      description: 'Simulated Advanced zone (isolated networks, no security groups)',
      networkType: 'Advanced',
      securityGroupsEnabled: false,
      dns1: '8.8.8.8',
      dns2: '8.8.4.4',
      internalDns1: '10.0.0.2',
      guestCidr: '10.1.0.0/16',
      domain: 'sim.advanced.cloud',
      zoneToken: store.newId(),
      physicalNetworkId: store.newId(),
    },
    {
      id: store.newId(),
      internalId: store.nextInternalId('data_center'),
      name: BASIC_ZONE_NAME,
      description: 'Simulated Basic zone (one shared network with security groups)',
      networkType: 'Basic',
      securityGroupsEnabled: true,
      dns1: '8.8.8.8',
      dns2: '8.8.4.4',
      internalDns1: '10.0.0.2',
      guestCidr: undefined,
      domain: 'sim.basic.cloud',
      zoneToken: store.newId(),
      physicalNetworkId: store.newId(),
    },
  ];
  zones.forEach((zone, z) => {
    store.zones.set(zone.id, zone);
    const pod = {
      id: store.newId(),
      name: 'POD0',
      zoneId: zone.id,
      gateway: `172.16.${15 + z}.1`,
      netmask: '255.255.255.0',
      startIp: `172.16.${15 + z}.2`,
      endIp: `172.16.${15 + z}.200`,
    };
    store.pods.set(pod.id, pod);
    const cluster = { id: store.newId(), name: 'C0', podId: pod.id, zoneId: zone.id };
    store.clusters.set(cluster.id, cluster);
    for (let h = 0; h < 2; h++) {
      const hostId = store.newId();
      store.hosts.set(hostId, {
        id: hostId,
        name: `SimulatedAgent.${store.newId()}`,
        clusterId: cluster.id,
        podId: pod.id,
        zoneId: zone.id,
        ipAddress: `172.16.${15 + z}.${10 + h}`,
        cpuNumber: 16,
        cpuSpeed: 2400,
        memoryTotal: 64 * GiB,
        created: now,
        managementServerId: root.id,
      });
    }
  });
  const zoneIds = zones.map((zone) => zone.id);

  const image = (
    spec: Partial<Template> & Pick<Template, 'name' | 'displayText' | 'accountId' | 'osTypeId'>,
  ) => {
    const template: Template = {
      id: store.newId(),
      internalId: store.nextInternalId('vm_template', 2),
      isIso: false,
      isPublic: true,
      isFeatured: false,
      isReady: true,
      isExtractable: false,
      passwordEnabled: false,
      bootable: true,
      format: 'VHD',
      hypervisor: 'Simulator',
      size: 2 * GiB,
      templateType: 'USER',
      zoneIds,
      url: undefined,
      created: now,
      ...spec,
    };
    store.templates.set(template.id, template);
    return template;
  };
  const centos = image({
    name: DEFAULT_TEMPLATE_NAME,
    displayText: DEFAULT_TEMPLATE_NAME,
    accountId: systemAccount.id,
    osTypeId: osTypes['CentOS 5.6 (64-bit)'] ?? '',
    isFeatured: true,
    templateType: 'BUILTIN',
    url: 'http://download.cloudstack.org/templates/builtin/centos56-x86_64.vhd.bz2',
  });
  image({
    name: 'Ubuntu 22.04 LTS (Simulator)',
    displayText: 'Ubuntu 22.04 LTS server image',
    accountId: systemAccount.id,
    osTypeId: osTypes['Ubuntu 22.04 LTS'] ?? '',
    isFeatured: true,
    passwordEnabled: true,
    size: 10 * GiB,
    url: 'https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.vhd',
  });
  image({
    name: 'Debian 12 (community)',
    url: 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2',
    displayText: 'Debian 12 image shared by the admin account',
    accountId: adminAccount.id,
    osTypeId: osTypes['Debian GNU/Linux 12 (64-bit)'] ?? '',
    size: 4 * GiB,
  });
  image({
    name: 'admin-private-template',
    url: 'http://images.example.com/admin-private.vhd',
    displayText: 'A private template of the admin account',
    accountId: adminAccount.id,
    osTypeId: osTypes['Other Linux (64-bit)'] ?? '',
    isPublic: false,
  });
  const iso = { isIso: true, format: 'ISO', size: 50 * 1024 ** 2 };
  image({
    ...iso,
    name: 'TinyCore 8.0',
    displayText: 'TinyCore Linux 8.0 live ISO',
    accountId: systemAccount.id,
    osTypeId: osTypes['Other Linux (64-bit)'] ?? '',
    isFeatured: true,
    url: 'http://dl.openvm.eu/cloudstack/iso/TinyCore-8.0.iso',
  });
  image({
    ...iso,
    name: 'Rescue ISO (community)',
    url: 'http://images.example.com/rescue.iso',
    displayText: 'A rescue ISO shared by the admin account',
    accountId: adminAccount.id,
    osTypeId: osTypes['Other (64-bit)'] ?? '',
  });
  image({
    ...iso,
    name: 'admin-private-iso',
    url: 'http://images.example.com/admin-private.iso',
    displayText: 'A private ISO of the admin account',
    accountId: adminAccount.id,
    osTypeId: osTypes['Other (64-bit)'] ?? '',
    isPublic: false,
  });

  const serviceOffering = (
    name: string,
    displayText: string,
    cpu?: number,
    speed?: number,
    memory?: number,
  ) => {
    const id = store.newId();
    store.serviceOfferings.set(id, {
      id,
      name,
      displayText,
      cpuNumber: cpu,
      cpuSpeed: speed,
      memory,
      offerHa: false,
      limitCpuUse: false,
      created: now,
    });
    return id;
  };
  const small = serviceOffering(
    DEFAULT_OFFERING_NAME,
    'Small Instance, 1 vCPU at 500 MHz, 512 MiB',
    1,
    500,
    512,
  );
  serviceOffering('Medium Instance', 'Medium Instance, 1 vCPU at 1 GHz, 1 GiB', 1, 1000, 1024);
  serviceOffering('Large Instance', 'Large Instance, 2 vCPUs at 2 GHz, 4 GiB', 2, 2000, 4096);
  serviceOffering('Custom Instance', 'Custom Instance: give cpuNumber, cpuSpeed and memory in details');

  for (const [name, size] of [
    ['Small', 5],
    ['Medium', 20],
    ['Large', 100],
    ['Custom', 0],
  ] as const) {
    const id = store.newId();
    store.diskOfferings.set(id, {
      id,
      name,
      displayText: size === 0 ? 'Custom disk: give size at creation' : `${name} disk, ${size} GiB`,
      diskSize: size,
      isCustomized: size === 0,
      created: now,
    });
  }

  const offering = (
    name: string,
    displayText: string,
    guestIpType: 'Isolated' | 'Shared' | 'L2',
    availability: 'Required' | 'Optional',
    services: string[],
  ) => {
    const id = store.newId();
    store.networkOfferings.set(id, {
      id,
      name,
      displayText,
      guestIpType,
      availability,
      isDefault: true,
      specifyVlan: guestIpType === 'Shared',
      specifyIpRanges: guestIpType === 'Shared',
      services,
      created: now,
    });
    return id;
  };
  const isolatedOffering = offering(
    'DefaultIsolatedNetworkOfferingWithSourceNatService',
    'Offering for Isolated networks with Source Nat service enabled',
    'Isolated',
    'Required',
    ['Dhcp', 'Dns', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding', 'Firewall', 'Lb', 'Vpn'],
  );
  offering('DefaultSharedNetworkOffering', 'Offering for Shared networks', 'Shared', 'Optional', [
    'Dhcp',
    'Dns',
    'UserData',
  ]);
  const sgOffering = offering(
    'DefaultSharedNetworkOfferingWithSGService',
    'Offering for Shared Security group enabled networks',
    'Shared',
    'Optional',
    ['Dhcp', 'Dns', 'UserData', 'SecurityGroup'],
  );
  offering('DefaultL2NetworkOffering', 'Offering for L2 networks', 'L2', 'Optional', ['UserData']);

  const [advanced, basic] = zones as [Zone, Zone];
  const network = (spec: Omit<Network, 'id' | 'internalId' | 'created' | 'nextHost' | 'state'>): Network => {
    const created: Network = {
      ...spec,
      id: store.newId(),
      internalId: store.nextInternalId('networks', 200),
      state: 'Implemented',
      nextHost: 2,
      created: now,
    };
    store.networks.set(created.id, created);
    return created;
  };
  const adminNetwork = network({
    name: 'admin-network',
    displayText: 'Isolated network of the admin account',
    zoneId: advanced.id,
    offeringId: isolatedOffering,
    accountId: adminAccount.id,
    type: 'Isolated',
    aclType: 'Account',
    cidrBase: ipToNumber(10, 1, 0, 0),
    cidrPrefix: 16,
    gateway: '10.1.0.1',
    networkDomain: 'cs2cloud.internal',
    vlan: '1001',
  });
  network({
    name: 'guestNetworkForBasicZone',
    displayText: 'Shared guest network of the Basic zone',
    zoneId: basic.id,
    offeringId: sgOffering,
    accountId: systemAccount.id,
    type: 'Shared',
    aclType: 'Domain',
    cidrBase: ipToNumber(10, 2, 0, 0),
    cidrPrefix: 16,
    gateway: '10.2.0.1',
    networkDomain: 'cs1cloud.internal',
    vlan: undefined,
  });

  const offeringSpec = store.serviceOfferings.get(small);
  const hosts = hostsInZone(store, advanced.id);
  for (let i = 0; i < seedVms; i++) {
    const running = i % 5 !== 4;
    const vm = createVm(store, {
      name: `sim-vm-${String(i + 1).padStart(5, '0')}`,
      accountId: adminAccount.id,
      userId: adminUser.id,
      zoneId: advanced.id,
      templateId: centos.id,
      serviceOfferingId: small,
      cpuNumber: offeringSpec?.cpuNumber ?? 1,
      cpuSpeed: offeringSpec?.cpuSpeed ?? 500,
      memory: offeringSpec?.memory ?? 512,
      osTypeId: centos.osTypeId,
      state: running ? 'Running' : 'Stopped',
      hostId: hosts[i % hosts.length],
      networks: [adminNetwork],
      created: now,
    });
    if (!running) vm.hostId = undefined;
    createVolume(store, {
      name: `ROOT-${vm.internalId}`,
      type: 'ROOT',
      accountId: adminAccount.id,
      zoneId: advanced.id,
      vmId: vm.id,
      deviceId: 0,
      templateId: centos.id,
      size: centos.size,
      state: 'Ready',
      created: now,
    });
  }

  // --- Storage family (issue 14) ---
  seedStorage(store, adminAccount, advanced.id, now);
  // --- end Storage family ---
  seedNetworking(store, advanced, adminNetwork, now);
  seedVpcTiers(store, now); // VPC tiers and network ACLs (issue 14)

  return { adminAccount, adminUser, systemAccount };
}

// --- Networking family (issue 14) ---
// Seeded after everything else, so the ids of the objects above stay what they were for each seed.
function seedNetworking(store: Store, advanced: Zone, adminNetwork: Network, now: number): void {
  // CloudStack's default offering for isolated networks without source NAT: IPs cannot be associated there.
  const offeringId = store.newId();
  store.networkOfferings.set(offeringId, {
    id: offeringId,
    name: 'DefaultIsolatedNetworkOffering',
    displayText: 'Offering for Isolated networks with no Source Nat service',
    guestIpType: 'Isolated',
    availability: 'Optional',
    isDefault: true,
    specifyVlan: false,
    specifyIpRanges: true,
    services: ['Dhcp', 'Dns', 'UserData'],
    created: now,
  });
  // The Advanced zone's public range, 10.70.3.100-10.70.3.199.
  store.publicRanges.set(advanced.id, {
    zoneId: advanced.id,
    networkId: store.newId(),
    vlanId: store.newId(),
    base: ipToNumber(10, 70, 3, 100),
    size: 100,
  });
  // CloudStack's default VPC offering (VpcManagerImpl creates it at start).
  const vpcOfferingId = store.newId();
  store.vpcOfferings.set(vpcOfferingId, {
    id: vpcOfferingId,
    name: 'Default VPC offering',
    displayText: 'Default VPC offering',
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
    created: now,
  });
  // admin-network is Implemented, so it has its source NAT address.
  ensureSourceNat(store, adminNetwork, now);
}
// --- end Networking family ---
