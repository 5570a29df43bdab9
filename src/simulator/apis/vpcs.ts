// VPCs: createVPC, listVPCs, deleteVPC, restartVPC, listVPCOfferings. Grounded in
// api/.../command/user/vpc/{CreateVPCCmd,ListVPCsCmd,DeleteVPCCmd,RestartVPCCmd,ListVPCOfferingsCmd}.java and
// server/.../network/vpc/VpcManagerImpl.java (createVpc: zone, offering and CIDR checks; default network
// domain, deleteVpc's refusal while tiers remain). Tiers and network ACLs: network-acls.ts and networks.ts.
import {
  idParam,
  ownerCreateParams,
  ownerListParams,
  pagingParams,
  param,
  showIconParam,
} from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import { parseIp } from '../state/factory.js';
import type { Vpc } from '../state/model.js';
import { acquireVpcIp, releasePublicIp } from '../state/public-ips.js';
import { vpcOfferingView, vpcView } from '../views/vpc.js';
import { listOf, matchesKeyword, owned, ownerForCreate, ownerScope } from './listing.js';
import { removeAcl, tiersOf, vpcName } from './network-acls.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

function vpcFor(ctx: CallContext): Vpc {
  const id = ctx.params.requiredId('id');
  return owned(ctx, ctx.store.vpcs, id, `Unable to find VPC by id ${id}`, `Caller cannot access VPC ${id}`);
}

function validCidr(cidr: string): boolean {
  const [address, prefix, ...rest] = cidr.split('/');
  const bits = Number(prefix);
  return (
    rest.length === 0 &&
    parseIp(address ?? '') !== undefined &&
    Number.isInteger(bits) &&
    bits >= 0 &&
    bits <= 32
  );
}

export const vpcApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listVPCOfferings',
      description: 'Lists VPC offerings.',
      isAsync: false,
      related: [],
      params: [
        idParam('id', 'vpcoffering', 'only the offering with this ID'),
        param('name', 'string', 'only the offering with this name'),
        param('displaytext', 'string', 'only offerings with this description'),
        param('isdefault', 'boolean', 'only default offerings (or only others)'),
        param('state', 'string', 'only offerings in this state: Enabled, Disabled'),
        param('supportedservices', 'list', 'only offerings providing all these services'),
        idParam('zoneid', 'zone', 'only offerings available in this zone', { since: '4.13' }),
        idParam('domainid', 'domain', 'only offerings available to this domain', { since: '4.18' }),
        ...pagingParams,
      ],
      response: vpcOfferingView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      const services = params.list('supportedservices')?.map((s) => s.toLowerCase());
      const keyword = params.text('keyword');
      const items = [...store.vpcOfferings.values()].filter(
        (o) =>
          (id === undefined || o.id === id) &&
          (name === undefined || o.name === name) &&
          (params.bool('isdefault') ?? true) &&
          (services === undefined || services.every((s) => o.services.some((x) => x.toLowerCase() === s))) &&
          matchesKeyword(keyword, o.name, o.displayText),
      );
      return listOf(ctx, 'vpcoffering', items, vpcOfferingView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpc.CreateVPCCmd',
    spec: {
      name: 'createVPC',
      description: 'Creates a VPC: a super CIDR whose tiers (isolated networks) share one router.',
      isAsync: true,
      related: ['listVPCs', 'deleteVPC'],
      params: [
        param('name', 'string', 'name of the VPC', { required: true }),
        param('displaytext', 'string', 'description of the VPC', { required: true }),
        param('cidr', 'string', 'super CIDR of the VPC; its tiers take CIDRs within it', { required: true }),
        idParam('vpcofferingid', 'vpcoffering', 'the VPC offering', { required: true }),
        idParam('zoneid', 'zone', 'zone of the VPC', { required: true }),
        param('networkdomain', 'string', 'DNS domain of the VPC'),
        param('start', 'boolean', 'whether to start the VPC router now (default true)', { since: '4.3' }),
        param('fordisplay', 'boolean', 'whether end users see the VPC', { since: '4.4' }),
        param('dns1', 'string', 'first IPv4 DNS server', { since: '4.18.0' }),
        param('dns2', 'string', 'second IPv4 DNS server', { since: '4.18.0' }),
        param('ip6dns1', 'string', 'first IPv6 DNS server', { since: '4.18.0' }),
        param('ip6dns2', 'string', 'second IPv6 DNS server', { since: '4.18.0' }),
        param('publicmtu', 'integer', 'MTU of the public interface of the VPC router', { since: '4.18.0' }),
        ...ownerCreateParams('VPC'),
      ],
      response: vpcView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const accountId = ownerForCreate(ctx);
      const zone = store.zone(params.requiredId('zoneid'));
      // VpcManagerImpl.createVpc
      if (zone.networkType === 'Basic') {
        throw invalidParameter(`Can't create VPC in zone ${zone.name} of type Basic`);
      }
      const cidr = params.text('cidr') ?? '';
      if (!validCidr(cidr)) throw invalidParameter(`Invalid CIDR specified ${cidr}`);
      const account = store.account(accountId);
      const vpc: Vpc = {
        id: store.newId(),
        internalId: store.nextInternalId('vpc', 1),
        name: params.text('name') ?? '',
        displayText: params.text('displaytext') ?? '',
        zoneId: zone.id,
        offeringId: params.requiredId('vpcofferingid'),
        accountId,
        cidr,
        networkDomain: params.text('networkdomain') ?? `cs${account.internalId.toString(16)}cloud.internal`,
        state: 'Inactive',
        forDisplay: params.bool('fordisplay') ?? true,
        created: ctx.now,
      };
      store.vpcs.set(vpc.id, vpc);
      const job = ctx.startJob({
        instanceType: 'Vpc',
        instanceId: vpc.id,
        finish() {
          vpc.state = 'Enabled';
          // The VPC router's source NAT address (VpcManagerImpl.startVpc -> assignSourceNatIpAddressToVpc).
          if (store.publicRanges.has(vpc.zoneId)) acquireVpcIp(store, vpc, ctx.now);
          store.touch(vpc.id);
          return { vpc: vpcView.render(vpc, ctx.rc) };
        },
        rollback() {
          store.forget(store.vpcs, 'vpc', vpc.id);
        },
      });
      return jobStarted(job.id, vpc.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listVPCs',
      description: 'Lists VPCs.',
      isAsync: false,
      related: ['createVPC'],
      params: [
        idParam('id', 'vpc', 'only the VPC with this ID'),
        param('name', 'string', 'only the VPC with this name'),
        param('displaytext', 'string', 'only VPCs with this description'),
        param('cidr', 'string', 'only VPCs with this super CIDR'),
        idParam('zoneid', 'zone', 'only VPCs of this zone'),
        idParam('vpcofferingid', 'vpcoffering', 'only VPCs of this offering'),
        param('state', 'string', 'only VPCs in this state: Enabled, Inactive'),
        param('restartrequired', 'boolean', 'only VPCs that need (or do not need) a restart'),
        param('supportedservices', 'list', 'only VPCs providing all these services'),
        param('fordisplay', 'boolean', 'only VPCs shown (or hidden) to end users', { since: '4.4' }),
        param('tags', 'map', 'only VPCs with these resource tags'),
        showIconParam,
        ...ownerListParams('VPCs'),
        ...pagingParams,
      ],
      response: vpcView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const id = params.id('id');
      const name = params.text('name');
      const zoneId = params.id('zoneid');
      const state = params.text('state')?.toLowerCase();
      const cidr = params.text('cidr');
      const tags = params.keyValuePairs('tags');
      const keyword = params.text('keyword');
      const items = [...store.vpcs.values()].filter(
        (v) =>
          inScope(v.accountId) &&
          (id === undefined || v.id === id) &&
          (name === undefined || v.name === name) &&
          (zoneId === undefined || v.zoneId === zoneId) &&
          (state === undefined || v.state.toLowerCase() === state) &&
          (cidr === undefined || v.cidr === cidr) &&
          matchesTags(store, v.id, tags) &&
          matchesKeyword(keyword, v.name, v.displayText),
      );
      return listOf(ctx, 'vpc', items, vpcView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpc.DeleteVPCCmd',
    spec: {
      name: 'deleteVPC',
      description: 'Deletes a VPC and releases its public IP addresses.',
      isAsync: true,
      related: [],
      params: [idParam('id', 'vpc', 'ID of the VPC', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const vpc = vpcFor(ctx);
      const job = ctx.startJob({
        instanceType: 'Vpc',
        instanceId: vpc.id,
        begin() {
          // VpcManagerImpl.deleteVpc (InvalidParameterValueException inside the job: jobstatus 2).
          const tiers = tiersOf(store, vpc.id).length;
          if (tiers > 0) {
            throw invalidParameter(`Can't delete VPC ${vpcName(vpc)} as its used by ${tiers} networks`);
          }
        },
        finish() {
          // cleanupVpcResources: its addresses are released and its ACL lists deleted.
          for (const ip of [...store.publicIps.values()]) if (ip.vpcId === vpc.id) releasePublicIp(store, ip);
          for (const acl of [...store.networkAcls.values()])
            if (acl.vpcId === vpc.id) removeAcl(store, acl.id);
          store.forget(store.vpcs, 'vpc', vpc.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpc.RestartVPCCmd',
    spec: {
      name: 'restartVPC',
      description: "Restarts a VPC's router; cleanup=true replaces it.",
      isAsync: true,
      related: [],
      params: [
        idParam('id', 'vpc', 'ID of the VPC', { required: true }),
        param('cleanup', 'boolean', 'replace the router instead of restarting it'),
        param('makeredundant', 'boolean', 'turn the VPC into one with redundant routers'),
        param('livepatch', 'boolean', 'live-patch the router software instead of restarting it', {
          since: '4.17.0',
        }),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const vpc = vpcFor(ctx);
      const job = ctx.startJob({
        instanceType: 'Vpc',
        instanceId: vpc.id,
        finish() {
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.vpc.UpdateVPCCmd',
    spec: {
      name: 'updateVPC',
      description: 'Renames a VPC or changes its description or visibility.',
      isAsync: true,
      related: ['listVPCs'],
      params: [
        idParam('id', 'vpc', 'ID of the VPC', { required: true }),
        param('name', 'string', 'new name'),
        param('displaytext', 'string', 'new description'),
        param('fordisplay', 'boolean', 'whether end users see the VPC', { since: '4.4' }),
        param('customid', 'string', 'a custom id for the VPC (root admins)', { since: '4.4' }),
        param('publicmtu', 'integer', 'MTU of the public interface of the VPC router', { since: '4.18.0' }),
      ],
      response: vpcView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const vpc = vpcFor(ctx);
      const job = ctx.startJob({
        instanceType: 'Vpc',
        instanceId: vpc.id,
        finish() {
          vpc.name = params.text('name') ?? vpc.name;
          vpc.displayText = params.text('displaytext') ?? vpc.displayText;
          vpc.forDisplay = params.bool('fordisplay') ?? vpc.forDisplay;
          store.touch(vpc.id);
          return { vpc: vpcView.render(vpc, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
];
