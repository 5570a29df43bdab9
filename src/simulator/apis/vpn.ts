// Remote access VPNs (issue 14): createRemoteAccessVpn, listRemoteAccessVpns, deleteRemoteAccessVpn, after
// RemoteAccessVpnManagerImpl: one VPN per public IP, on an address whose network offers the Vpn service.
import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { Store } from '../state/store.js';
import { ownerFields } from '../views/common.js';
import { field, jobFields, View } from '../views/view.js';
import { checkIpForService } from './firewall.js';
import { canAccess, listOf, ownerScope } from './listing.js';
import { defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

interface RemoteAccessVpn {
  id: string;
  publicIpId: string;
  accountId: string;
  ipRange: string;
  presharedKey: string;
  forDisplay: boolean;
  state: 'Added' | 'Running';
}

const vpnsByStore = new WeakMap<Store, Map<string, RemoteAccessVpn>>();
function vpnsOf(store: Store): Map<string, RemoteAccessVpn> {
  let table = vpnsByStore.get(store);
  if (!table) {
    table = new Map();
    vpnsByStore.set(store, table);
  }
  return table;
}

const vpnView = new View<RemoteAccessVpn>([
  field('id', 'string', 'the id of the remote access vpn', (v) => v.id),
  field('publicipid', 'string', 'the public ip address of the vpn server', (v) => v.publicIpId),
  field(
    'publicip',
    'string',
    'the public ip address of the vpn server',
    (v, rc) => rc.store.publicIps.get(v.publicIpId)?.address,
  ),
  field('iprange', 'string', 'the range of ips to allocate to the clients', (v) => v.ipRange),
  field('presharedkey', 'string', 'the ipsec preshared key', (v) => v.presharedKey),
  ...ownerFields<RemoteAccessVpn>('vpn'),
  field('state', 'string', 'the state of the rule', (v) => v.state),
  field('fordisplay', 'boolean', 'is vpn for display to the regular user', (v) => v.forDisplay),
  ...jobFields<RemoteAccessVpn>(),
]);

export const vpnApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpn.CreateRemoteAccessVpnCmd',
    spec: {
      name: 'createRemoteAccessVpn',
      description: 'Creates a l2tp/ipsec remote access vpn',
      isAsync: true,
      related: ['listRemoteAccessVpns'],
      params: [
        idParam('publicipid', 'publicip', 'public ip address id of the vpn server', { required: true }),
        param('iprange', 'string', 'the range of ip addresses to allocate to vpn clients'),
        param(
          'openfirewall',
          'boolean',
          'if true, firewall rule for source/end public port is automatically created',
        ),
        param(
          'fordisplay',
          'boolean',
          'an optional field, whether to the display the vpn to the end user or not',
          {
            since: '4.4',
          },
        ),
        param('account', 'string', 'an optional account for the VPN. Must be used with domainId.'),
        idParam('domainid', 'domain', 'an optional domainId for the VPN.'),
      ],
      response: vpnView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = store.publicIps.get(params.requiredId('publicipid'));
      if (!ip || !canAccess(ctx, ip.accountId)) {
        throw invalidParameter('Unable to create remote access vpn, invalid public IP address id');
      }
      checkIpForService(store, ip, 'Vpn');
      if (!ip.isSourceNat) {
        throw invalidParameter(
          'Remote access VPN can be created on the source NAT address of a network only',
        );
      }
      const table = vpnsOf(store);
      if ([...table.values()].some((v) => v.publicIpId === ip.id)) {
        throw invalidParameter('A Remote Access VPN already exists for this public Ip address');
      }
      const range = params.text('iprange') ?? '10.1.2.1-10.1.2.8';
      if (!/^\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+$/.test(range)) {
        throw invalidParameter(`Invalid ip range: ${range}`);
      }
      const vpn: RemoteAccessVpn = {
        id: store.newId(),
        publicIpId: ip.id,
        accountId: ip.accountId,
        ipRange: range,
        // Deterministic per seed, like every key the simulator makes.
        presharedKey: store.newId().replace(/-/g, '').slice(0, 24),
        forDisplay: params.bool('fordisplay') ?? true,
        state: 'Added',
      };
      table.set(vpn.id, vpn);
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        finish() {
          vpn.state = 'Running';
          return { remoteaccessvpn: vpnView.render(vpn, ctx.rc) };
        },
        rollback() {
          table.delete(vpn.id);
        },
      });
      return jobStarted(job.id, vpn.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listRemoteAccessVpns',
      description: 'Lists remote access vpns',
      isAsync: false,
      related: ['createRemoteAccessVpn'],
      params: [
        param('id', 'uuid', 'Lists remote access vpn rule with the specified ID', { since: '4.3' }),
        idParam('publicipid', 'publicip', 'public ip address id of the vpn server'),
        idParam('networkid', 'network', 'list remote access VPNs for certain network', { since: '4.3' }),
        param('fordisplay', 'boolean', 'list resources by display flag', { since: '4.4' }),
        ...ownerListParams('VPNs'),
        ...pagingParams,
      ],
      response: vpnView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const owners = ownerScope(ctx);
      const id = params.text('id');
      const ipId = params.id('publicipid');
      const networkId = params.id('networkid');
      const display = params.bool('fordisplay');
      const items = [...vpnsOf(store).values()].filter(
        (v) =>
          owners(v.accountId) &&
          (id === undefined || v.id === id) &&
          (ipId === undefined || v.publicIpId === ipId) &&
          (networkId === undefined || store.publicIps.get(v.publicIpId)?.networkId === networkId) &&
          (display === undefined || v.forDisplay === display),
      );
      return listOf(ctx, 'remoteaccessvpn', items, vpnView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpn.DeleteRemoteAccessVpnCmd',
    spec: {
      name: 'deleteRemoteAccessVpn',
      description: 'Destroys a l2tp/ipsec remote access vpn',
      isAsync: true,
      related: ['listRemoteAccessVpns'],
      params: [
        idParam('publicipid', 'publicip', 'public ip address id of the vpn server', { required: true }),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const ip = store.publicIps.get(params.requiredId('publicipid'));
      if (!ip || !canAccess(ctx, ip.accountId)) {
        throw invalidParameter('Unable to find public ip address by id');
      }
      const table = vpnsOf(store);
      const job = ctx.startJob({
        instanceType: 'IpAddress',
        instanceId: ip.id,
        finish() {
          // RemoteAccessVpnManagerImpl.destroyRemoteAccessVpnForIp: no VPN there is not an error.
          for (const vpn of table.values()) if (vpn.publicIpId === ip.id) table.delete(vpn.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
];
