// --- Accounts family (issue 15) ---
// A small team below ROOT, for role and scoping work: domain `child` with a Domain Admin account and a plain
// User account, each with a user, a password and API keys; the user owns an isolated network and two VMs.
// Seeded only with `seedTeam`, after everything else, so the ids of the default world stay what they were
// (and lists made with listall by the admin show what they always did).
import { createVm, createVolume, hostsInZone } from './factory.js';
import { ACCOUNT_TYPE, type Account, type AccountType, type Domain, type User } from './model.js';
import type { Store } from './store.js';

export const TEAM_DOMAIN = 'child';
export const TEAM_PASSWORD = 'password';

export interface TeamMember {
  username: string;
  password: string;
  /** The login domain path, as `login` takes it. */
  domain: string;
  account: string;
  apiKey: string;
  secretKey: string;
  userId: string;
  accountId: string;
}

export interface SeededTeam {
  domainId: string;
  domainAdmin: TeamMember;
  user: TeamMember;
  /** The plain user's VMs, `child-vm-1` (Running) and `child-vm-2` (Stopped). */
  userVmIds: string[];
}

function roleIdOf(store: Store, type: string): string {
  for (const role of store.roles.values()) if (role.isDefault && role.type === type) return role.id;
  throw new Error(`the simulator has no default ${type} role`);
}

export function seedTeam(store: Store, now: number): SeededTeam {
  const root = store.rootDomain();
  const domain: Domain = {
    id: store.newId(),
    internalId: store.nextInternalId('domain'),
    name: TEAM_DOMAIN,
    parentId: root.id,
    path: `ROOT/${TEAM_DOMAIN}`,
    level: 1,
    networkDomain: undefined,
    created: now,
  };
  store.domains.set(domain.id, domain);

  const member = (
    accountName: string,
    username: string,
    type: AccountType,
    roleType: string,
  ): { account: Account; user: User; member: TeamMember } => {
    const account: Account = {
      id: store.newId(),
      internalId: store.nextInternalId('account'),
      name: accountName,
      domainId: domain.id,
      type,
      roleId: roleIdOf(store, roleType),
      state: 'enabled',
      networkDomain: undefined,
      details: {},
      created: now,
      isDefault: false,
    };
    store.accounts.set(account.id, account);
    const user: User = {
      id: store.newId(),
      internalId: store.nextInternalId('user'),
      accountId: account.id,
      username,
      password: TEAM_PASSWORD,
      firstname: username,
      lastname: accountName,
      email: `${username}@child.example`,
      timezone: undefined,
      apiKey: store.secrets.token(64),
      secretKey: store.secrets.token(64),
      state: 'enabled',
      isDefault: false,
      created: now,
    };
    store.users.set(user.id, user);
    return {
      account,
      user,
      member: {
        username,
        password: TEAM_PASSWORD,
        domain: `/${TEAM_DOMAIN}`,
        account: accountName,
        apiKey: user.apiKey ?? '',
        secretKey: user.secretKey ?? '',
        userId: user.id,
        accountId: account.id,
      },
    };
  };
  const admin = member('child-admin', 'childadmin', ACCOUNT_TYPE.DOMAIN_ADMIN, 'DomainAdmin');
  const plain = member('child-user', 'childuser', ACCOUNT_TYPE.USER, 'User');

  // The user's isolated network and two VMs in the Advanced zone, from the admin's seeded ones.
  const template = [...store.templates.values()].find((t) => t.templateType === 'BUILTIN' && !t.isIso);
  const offering = [...store.serviceOfferings.values()].find((o) => o.cpuNumber !== undefined);
  const zone = [...store.zones.values()].find((z) => z.networkType === 'Advanced');
  const adminNetwork = [...store.networks.values()].find((n) => n.type === 'Isolated');
  if (!template || !offering || !zone || !adminNetwork) throw new Error('the default world is incomplete');
  const network = {
    ...adminNetwork,
    id: store.newId(),
    internalId: store.nextInternalId('networks', 200),
    name: 'child-user-network',
    displayText: 'Isolated network of the child-user account',
    accountId: plain.account.id,
    cidrBase: ((10 << 24) >>> 0) + (3 << 16),
    cidrPrefix: 24,
    gateway: '10.3.0.1',
    networkDomain: `cs${plain.account.internalId.toString(16)}cloud.internal`,
    vlan: '1002',
    nextHost: 2,
    created: now,
  };
  store.networks.set(network.id, network);
  const hosts = hostsInZone(store, zone.id);
  const userVmIds = [1, 2].map((n) => {
    const running = n === 1;
    const vm = createVm(store, {
      name: `child-vm-${n}`,
      accountId: plain.account.id,
      userId: plain.user.id,
      zoneId: zone.id,
      templateId: template.id,
      serviceOfferingId: offering.id,
      cpuNumber: offering.cpuNumber ?? 1,
      cpuSpeed: offering.cpuSpeed ?? 500,
      memory: offering.memory ?? 512,
      osTypeId: template.osTypeId,
      state: running ? 'Running' : 'Stopped',
      hostId: running ? hosts[0] : undefined,
      networks: [network],
      created: now,
    });
    createVolume(store, {
      name: `ROOT-${vm.internalId}`,
      type: 'ROOT',
      accountId: plain.account.id,
      zoneId: zone.id,
      vmId: vm.id,
      deviceId: 0,
      templateId: template.id,
      size: template.size,
      state: 'Ready',
      created: now,
    });
    return vm.id;
  });
  return { domainId: domain.id, domainAdmin: admin.member, user: plain.member, userVmIds };
}
// --- end Accounts family ---
