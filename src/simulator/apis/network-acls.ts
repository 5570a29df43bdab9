// VPC tiers and network ACLs (issue 14): createNetworkACLList, listNetworkACLLists, deleteNetworkACLList,
// replaceNetworkACLList, createNetworkACL, updateNetworkACLItem, listNetworkACLs, deleteNetworkACL, and the
// checks createNetwork runs for a VPC tier. Grounded in api/.../command/user/network/*NetworkACL*Cmd.java,
// server/.../network/vpc/NetworkACLServiceImpl.java (createNetworkACLItem's validations, replaceNetworkACL,
// deleteNetworkACL), NetworkACLManagerImpl.deleteNetworkACL ("ACL is still associated with N tier(s)") and
// VpcManagerImpl.validateNewVpcGuestNetwork (a tier's CIDR within the VPC's, not crossing another tier's).
import { idParam, ownerListParams, pagingParams, param } from '../catalog/params.js';
import { internalError, invalidParameter, permissionDenied } from '../errors.js';
import { parseIp } from '../state/factory.js';
import type { Network, NetworkAclItem, NetworkAclList, Vpc } from '../state/model.js';
import { DEFAULT_ALLOW_ACL, DEFAULT_DENY_ACL } from '../state/seed-vpc.js';
import type { Store } from '../state/store.js';
import { networkAclItemView, networkAclListView } from '../views/network-acl.js';
import { formatIp } from '../views/vm.js';
import { canAccess, listOf, matchesKeyword, ownerScope } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'];

/** VpcVO.toString. */
export function vpcName(vpc: Vpc): string {
  return `[VPC [${vpc.internalId}-${vpc.name}]`;
}

function isDefault(acl: NetworkAclList): boolean {
  return acl.vpcId === undefined && (acl.name === DEFAULT_ALLOW_ACL || acl.name === DEFAULT_DENY_ACL);
}

/** The global default_deny list, which a tier gets when created without aclid. */
export function defaultDenyAcl(store: Store): string | undefined {
  return [...store.networkAcls.values()].find((a) => a.vpcId === undefined && a.name === DEFAULT_DENY_ACL)
    ?.id;
}

function cidrText(base: number, prefix: number): string {
  return `${formatIp(base)}/${prefix}`;
}

function contains(outerBase: number, outerPrefix: number, innerBase: number, innerPrefix: number): boolean {
  if (innerPrefix < outerPrefix) return false;
  const mask = outerPrefix === 0 ? 0 : (0xffffffff << (32 - outerPrefix)) >>> 0;
  return (innerBase & mask) >>> 0 === (outerBase & mask) >>> 0;
}

/** VpcManagerImpl.validateNewVpcGuestNetwork and NetworkServiceImpl's ACL check for a new tier. */
export function checkTierCidr(
  ctx: CallContext,
  vpc: Vpc,
  base: number,
  prefix: number,
  aclId: string | undefined,
): void {
  const { store } = ctx;
  if (!canAccess(ctx, vpc.accountId)) throw permissionDenied(`Caller cannot access VPC ${vpc.id}`);
  if (aclId !== undefined) {
    const acl = store.networkAcls.get(aclId);
    if (acl && acl.vpcId !== undefined && acl.vpcId !== vpc.id) {
      throw invalidParameter(`ACL [${acl.name}] does not belong to the VPC [${vpc.internalId}].`);
    }
  }
  const cidr = cidrText(base, prefix);
  const [vpcAddress, vpcBits] = vpc.cidr.split('/');
  const vpcBase = parseIp(vpcAddress ?? '') ?? 0;
  if (!contains(vpcBase, Number(vpcBits), base, prefix)) {
    throw invalidParameter(`Network cidr ${cidr} is not within vpc ${vpcName(vpc)} cidr`);
  }
  const offerings = [...store.networkOfferings.keys()];
  for (const tier of tiersOf(store, vpc.id)) {
    if (tier.cidrBase === undefined || tier.cidrPrefix === undefined) continue;
    if (
      contains(base, prefix, tier.cidrBase, tier.cidrPrefix) ||
      contains(tier.cidrBase, tier.cidrPrefix, base, prefix)
    ) {
      // NetworkVO.toString: Ntwk[id|trafficType|networkOfferingId]
      const ntwk = `Ntwk[${tier.internalId}|Guest|${offerings.indexOf(tier.offeringId) + 1}]`;
      throw invalidParameter(
        `Network cidr ${cidr} crosses other network cidr ${ntwk} belonging to the same vpc ${vpcName(vpc)}`,
      );
    }
  }
}

export function tiersOf(store: Store, vpcId: string): Network[] {
  return [...store.networks.values()].filter((n) => n.vpcId === vpcId);
}

/** The list, or CloudStack's answer when it does not exist or its VPC is not the caller's. */
function aclFor(ctx: CallContext, id: string): NetworkAclList {
  const acl = ctx.store.networkAcls.get(id);
  if (!acl) throw invalidParameter('Unable to find specified ACL');
  const vpc = acl.vpcId === undefined ? undefined : ctx.store.vpcs.get(acl.vpcId);
  if (vpc && !canAccess(ctx, vpc.accountId)) {
    throw permissionDenied(`Caller does not have permission to access ACL ${acl.id}`);
  }
  return acl;
}

function itemFor(ctx: CallContext, id: string): NetworkAclItem {
  const item = ctx.store.networkAclItems.get(id);
  if (!item) throw invalidParameter('Unable to find ACL item to update');
  aclFor(ctx, item.aclId);
  return item;
}

/** NetworkACLServiceImpl.validateNetworkACLItem: ports, CIDRs, protocol, ICMP type and code. */
function validateItem(item: NetworkAclItem): void {
  const { startPort, endPort, protocol } = item;
  if (startPort !== undefined || endPort !== undefined) {
    const valid = (p: number | undefined) => p !== undefined && p >= 0 && p <= 65535;
    if (!valid(startPort)) throw invalidParameter(`Start public port is an invalid value: ${startPort}`);
    if (!valid(endPort)) throw invalidParameter(`End public port is an invalid value: ${endPort}`);
    if ((startPort ?? 0) > (endPort ?? 0)) {
      throw invalidParameter(
        `Start port can't be bigger than end port [startport=${startPort},endport=${endPort}]`,
      );
    }
    if (protocol.toLowerCase() === 'all') {
      throw invalidParameter("start port and end port must be null if protocol = 'all'");
    }
  }
  for (const cidr of item.cidrs) {
    const [address, bits, ...rest] = cidr.split('/');
    const prefix = Number(bits);
    if (
      rest.length > 0 ||
      parseIp(address ?? '') === undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > 32
    ) {
      throw invalidParameter(`Source cidrs formatting error ${cidr}`);
    }
  }
  if (/^\d+$/.test(protocol)) {
    if (Number(protocol) > 255) throw invalidParameter(`Invalid protocol number: ${Number(protocol)}`);
  } else if (!PROTOCOLS.includes(protocol.toLowerCase())) {
    throw invalidParameter(`Invalid protocol [${protocol}]. Expected one of: [${PROTOCOLS.join(',')}]`);
  }
  const icmp = protocol.toLowerCase() === 'icmp';
  if (!icmp && (item.icmpCode !== undefined || item.icmpType !== undefined)) {
    throw invalidParameter('Can specify icmpCode and icmpType for ICMP protocol only');
  }
  if (icmp && (startPort !== undefined || endPort !== undefined)) {
    throw invalidParameter("Can't specify start/end port when protocol is ICMP");
  }
  if (item.icmpType !== undefined && item.icmpType !== -1 && (item.icmpType < 0 || item.icmpType > 255)) {
    throw invalidParameter(`Invalid icmp type [${item.icmpType}]. It should belong to [0-255] range`);
  }
}

function actionOf(action: string | undefined): 'Allow' | 'Deny' | undefined {
  if (action === undefined) return undefined;
  const lower = action.toLowerCase();
  if (lower !== 'allow' && lower !== 'deny') {
    throw invalidParameter(`Invalid action [${action}]. Permitted actions are Allow and Deny`);
  }
  return lower === 'deny' ? 'Deny' : 'Allow';
}

function trafficTypeOf(value: string | undefined): 'Ingress' | 'Egress' | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower !== 'ingress' && lower !== 'egress') {
    throw invalidParameter(`Invalid traffic type ${value}: Ingress or Egress`);
  }
  return lower === 'egress' ? 'Egress' : 'Ingress';
}

/** The lists a caller sees: the global ones, and those of the VPCs in its scope. */
function visibleAcls(ctx: CallContext): NetworkAclList[] {
  const inScope = ownerScope(ctx);
  return [...ctx.store.networkAcls.values()].filter((a) => {
    if (a.vpcId === undefined) return true;
    const vpc = ctx.store.vpcs.get(a.vpcId);
    return vpc !== undefined && inScope(vpc.accountId);
  });
}

const ruleParams = [
  param('protocol', 'string', 'tcp, udp, icmp, all, or a protocol number'),
  param('startport', 'integer', 'first port of the rule'),
  param('endport', 'integer', 'last port of the rule (startport when not given)'),
  param('icmptype', 'integer', 'ICMP type (icmp only; -1 for all)'),
  param('icmpcode', 'integer', 'ICMP code (icmp only; -1 for all)'),
  param('cidrlist', 'list', 'CIDRs the rule applies to (0.0.0.0/0 when not given)'),
  param('traffictype', 'string', 'Ingress (the default) or Egress'),
  param('action', 'string', 'Allow (the default) or Deny'),
  param('number', 'integer', 'position of the rule in its list (after the last when not given)'),
  param('reason', 'string', 'why the rule is there'),
  param('fordisplay', 'boolean', 'whether end users see the rule', { since: '4.4' }),
];

export const networkAclApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.CreateNetworkACLListCmd',
    spec: {
      name: 'createNetworkACLList',
      description: 'Creates a network ACL list in a VPC; give it rules with createNetworkACL.',
      isAsync: true,
      related: ['createNetworkACL', 'replaceNetworkACLList', 'listNetworkACLLists'],
      params: [
        param('name', 'string', 'name of the list', { required: true }),
        idParam('vpcid', 'vpc', 'VPC of the list', { required: true }),
        param('description', 'string', 'description of the list (the name when not given)'),
        param('fordisplay', 'boolean', 'whether end users see the list', { since: '4.4' }),
      ],
      response: networkAclListView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const vpc = store.vpcs.get(params.requiredId('vpcid'));
      if (!vpc) throw invalidParameter('Unable to find VPC');
      if (!canAccess(ctx, vpc.accountId)) throw permissionDenied(`Caller cannot access VPC ${vpc.id}`);
      const name = params.text('name') ?? '';
      const acl: NetworkAclList = {
        id: store.newId(),
        internalId: store.nextInternalId('network_acl', 3),
        name,
        description: params.text('description') ?? name,
        vpcId: vpc.id,
        forDisplay: params.bool('fordisplay') ?? true,
      };
      store.networkAcls.set(acl.id, acl);
      const job = ctx.startJob({
        instanceType: 'NetworkAcl',
        instanceId: acl.id,
        finish() {
          return { networkacllist: networkAclListView.render(acl, ctx.rc) };
        },
        rollback() {
          store.forget(store.networkAcls, 'networkacl', acl.id);
        },
      });
      return jobStarted(job.id, acl.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listNetworkACLLists',
      description: 'Lists network ACL lists: the global default_allow and default_deny, and those of VPCs.',
      isAsync: false,
      related: ['createNetworkACLList'],
      params: [
        idParam('id', 'networkacl', 'only the list with this ID'),
        param('name', 'string', 'only lists with this name'),
        idParam('vpcid', 'vpc', 'only lists of this VPC (and the global ones)'),
        idParam('networkid', 'network', 'only the list applied to this tier'),
        param('fordisplay', 'boolean', 'only lists shown (or hidden) to end users', { since: '4.4' }),
        ...ownerListParams('lists'),
        ...pagingParams,
      ],
      response: networkAclListView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const id = params.id('id');
      const name = params.text('name');
      const vpcId = params.id('vpcid');
      if (vpcId !== undefined) {
        const vpc = store.vpcs.get(vpcId);
        if (vpc && !canAccess(ctx, vpc.accountId))
          throw permissionDenied(`Caller cannot access VPC ${vpc.id}`);
      }
      const networkId = params.id('networkid');
      const tierAcl = networkId === undefined ? undefined : store.networks.get(networkId)?.aclId;
      const forDisplay = params.bool('fordisplay');
      const keyword = params.text('keyword');
      const items = visibleAcls(ctx).filter(
        (a) =>
          (id === undefined || a.id === id) &&
          (name === undefined || a.name === name) &&
          (vpcId === undefined || a.vpcId === vpcId || a.vpcId === undefined) &&
          (networkId === undefined || a.id === tierAcl) &&
          (forDisplay === undefined || a.forDisplay === forDisplay) &&
          matchesKeyword(keyword, a.name, a.description),
      );
      return listOf(ctx, 'networkacllist', items, networkAclListView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkACLListCmd',
    spec: {
      name: 'deleteNetworkACLList',
      description: 'Deletes a network ACL list no tier uses; the default lists cannot be deleted.',
      isAsync: true,
      related: ['createNetworkACLList'],
      params: [idParam('id', 'networkacl', 'ID of the list', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const acl = aclFor(ctx, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'NetworkAcl',
        instanceId: acl.id,
        begin() {
          if (isDefault(acl)) throw invalidParameter('Default ACL cannot be removed');
          const tiers = [...store.networks.values()].filter((n) => n.aclId === acl.id).length;
          if (tiers > 0) {
            throw internalError(
              `ACL is still associated with ${tiers} tier(s). Cannot delete network ACL: ${acl.id}`,
            );
          }
        },
        finish() {
          removeAcl(store, acl.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkACLListCmd',
    spec: {
      name: 'updateNetworkACLList',
      description: 'Renames a network ACL list or changes its description; the default lists cannot change.',
      isAsync: true,
      since: '4.4',
      related: ['listNetworkACLLists'],
      params: [
        idParam('id', 'networkacl', 'ID of the list', { required: true }),
        param('name', 'string', 'new name'),
        param('description', 'string', 'new description'),
        param('fordisplay', 'boolean', 'whether end users see the list', { since: '4.4' }),
        param('customid', 'string', 'a custom id for the list (root admins)', { since: '4.4' }),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const acl = aclFor(ctx, params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'NetworkAcl',
        instanceId: acl.id,
        begin() {
          if (isDefault(acl)) throw invalidParameter('Default ACL cannot be modified');
        },
        finish() {
          acl.name = params.text('name') ?? acl.name;
          acl.description = params.text('description') ?? acl.description;
          acl.forDisplay = params.bool('fordisplay') ?? acl.forDisplay;
          store.touch(acl.id);
          // UpdateNetworkACLListCmd answers the list itself, though listApis documents a success answer.
          return { networkacllist: networkAclListView.render(acl, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.ReplaceNetworkACLListCmd',
    spec: {
      name: 'replaceNetworkACLList',
      description: "Applies another network ACL list to a VPC tier, replacing the tier's current one.",
      isAsync: true,
      related: ['createNetworkACLList', 'listNetworkACLLists'],
      params: [
        idParam('aclid', 'networkacl', 'the list to apply', { required: true }),
        idParam('networkid', 'network', 'the VPC tier to apply it to'),
        idParam('gatewayid', 'unmodelled', 'the private gateway to apply it to'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const acl = aclFor(ctx, params.requiredId('aclid'));
      const networkId = params.id('networkid');
      if (networkId === undefined) {
        throw invalidParameter("Network ID and private gateway can't be null at the same time");
      }
      const network = store.networks.get(networkId);
      if (!network) throw invalidParameter('Unable to find specified Network');
      if (!canAccess(ctx, network.accountId))
        throw permissionDenied(`Caller cannot access network ${network.id}`);
      const job = ctx.startJob({
        instanceType: 'Network',
        instanceId: network.id,
        begin() {
          // NetworkACLServiceImpl.replaceNetworkACL
          if (network.vpcId === undefined) {
            throw invalidParameter(`Network is not part of a VPC: ${network.id}`);
          }
          if (acl.vpcId !== undefined && acl.vpcId !== network.vpcId) {
            throw invalidParameter(
              `Network: ${network.internalId} and ACL: ${acl.internalId} do not belong to the same VPC`,
            );
          }
        },
        finish() {
          network.aclId = acl.id;
          store.touch(network.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.CreateNetworkACLCmd',
    spec: {
      name: 'createNetworkACL',
      description:
        'Adds a rule to a network ACL list (by aclid, or the list of the tier given as networkid), e.g. allow tcp 443 ingress.',
      isAsync: true,
      related: ['listNetworkACLs', 'createNetworkACLList'],
      params: [
        ...ruleParams.map((p) => (p.name === 'protocol' ? { ...p, required: true } : p)),
        idParam('aclid', 'networkacl', 'the list to add the rule to'),
        idParam('networkid', 'network', 'a VPC tier whose list gets the rule'),
      ],
      response: networkAclItemView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      // NetworkACLServiceImpl.createAclListIfNeeded, validateNetworkAcl, validateAclRuleNumber: in create(),
      // before the job, so refusals answer at once.
      let aclId = params.id('aclid');
      if (aclId === undefined) {
        const networkId = params.id('networkid');
        if (networkId === undefined) {
          throw invalidParameter('Cannot create Network ACL Item. ACL Id or network Id is required');
        }
        const network = store.networks.get(networkId);
        if (!network?.vpcId) throw invalidParameter(`Network: ${networkId} does not belong to VPC`);
        aclId = network.aclId;
      }
      const acl = aclFor(ctx, aclId ?? '');
      if (isDefault(acl)) throw invalidParameter('Default ACL cannot be modified');
      const items = [...store.networkAclItems.values()].filter((i) => i.aclId === acl.id);
      let number = params.int('number');
      if (number !== undefined) {
        if (number < 1) throw invalidParameter(`Invalid number [${number}]. Number cannot be < 1`);
        if (items.some((i) => i.number === number)) {
          throw invalidParameter(`ACL item with number ${number} already exists in ACL: ${acl.id}`);
        }
      }
      number ??= Math.max(0, ...items.map((i) => i.number)) + 1;
      const startPort = params.int('startport');
      const item: NetworkAclItem = {
        id: store.newId(),
        internalId: store.nextInternalId('network_acl_item', 5),
        aclId: acl.id,
        number,
        protocol: params.text('protocol') ?? '',
        startPort,
        endPort: params.int('endport') ?? startPort,
        icmpType: params.int('icmptype'),
        icmpCode: params.int('icmpcode'),
        cidrs: params.list('cidrlist') ?? ['0.0.0.0/0'],
        action: actionOf(params.text('action')) ?? 'Allow',
        trafficType: trafficTypeOf(params.text('traffictype')) ?? 'Ingress',
        state: 'Add',
        reason: params.text('reason'),
        forDisplay: params.bool('fordisplay') ?? true,
      };
      validateItem(item);
      store.networkAclItems.set(item.id, item);
      const job = ctx.startJob({
        instanceType: 'NetworkAclItem',
        instanceId: item.id,
        finish() {
          item.state = 'Active';
          store.touch(item.id);
          return { networkacl: networkAclItemView.render(item, ctx.rc) };
        },
        rollback() {
          store.forget(store.networkAclItems, 'networkaclitem', item.id);
        },
      });
      return jobStarted(job.id, item.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.UpdateNetworkACLItemCmd',
    spec: {
      name: 'updateNetworkACLItem',
      description: 'Changes a rule of a network ACL list; parameters not given keep their values.',
      isAsync: true,
      related: ['listNetworkACLs'],
      params: [
        idParam('id', 'networkaclitem', 'ID of the rule', { required: true }),
        ...ruleParams,
        param('partialupgrade', 'boolean', 'merge the given parameters into the rule (true, the default)'),
        param('customid', 'string', 'a custom id for the rule (root admins)', { since: '4.4' }),
      ],
      response: networkAclItemView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const item = itemFor(ctx, params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'NetworkAclItem',
        instanceId: item.id,
        begin() {
          const acl = store.networkAcls.get(item.aclId);
          if (acl && isDefault(acl)) throw invalidParameter('Default ACL cannot be modified');
          const number = params.int('number');
          if (
            number !== undefined &&
            [...store.networkAclItems.values()].some(
              (i) => i.aclId === item.aclId && i.id !== item.id && i.number === number,
            )
          ) {
            throw invalidParameter(
              `Network ACL Item with number ${number} already exists in ACL: ${item.aclId}`,
            );
          }
          const startPort = params.int('startport');
          const updated: NetworkAclItem = {
            ...item,
            number: number ?? item.number,
            protocol: params.text('protocol') ?? item.protocol,
            startPort: startPort ?? item.startPort,
            endPort: params.int('endport') ?? (startPort !== undefined ? startPort : item.endPort),
            icmpType: params.int('icmptype') ?? item.icmpType,
            icmpCode: params.int('icmpcode') ?? item.icmpCode,
            cidrs: params.list('cidrlist') ?? item.cidrs,
            action: actionOf(params.text('action')) ?? item.action,
            trafficType: trafficTypeOf(params.text('traffictype')) ?? item.trafficType,
            reason: params.text('reason') ?? item.reason,
            forDisplay: params.bool('fordisplay') ?? item.forDisplay,
          };
          validateItem(updated);
          Object.assign(item, updated);
        },
        finish() {
          store.touch(item.id);
          return { networkacl: networkAclItemView.render(item, ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listNetworkACLs',
      description: 'Lists the rules of network ACL lists.',
      isAsync: false,
      related: ['createNetworkACL'],
      params: [
        idParam('id', 'networkaclitem', 'only the rule with this ID'),
        idParam('aclid', 'networkacl', 'only rules of this list'),
        idParam('networkid', 'network', "only rules of this tier's list"),
        param('traffictype', 'string', 'only Ingress or only Egress rules'),
        param('protocol', 'string', 'only rules of this protocol'),
        param('action', 'string', 'only Allow or only Deny rules'),
        param('fordisplay', 'boolean', 'only rules shown (or hidden) to end users', { since: '4.4' }),
        param('tags', 'map', 'only rules with these resource tags'),
        ...ownerListParams('rules'),
        ...pagingParams,
      ],
      response: networkAclItemView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const id = params.id('id');
      const networkId = params.id('networkid');
      const aclId =
        params.id('aclid') ??
        (networkId === undefined ? undefined : (store.networks.get(networkId)?.aclId ?? ''));
      if (aclId) aclFor(ctx, aclId);
      const visible = new Set(visibleAcls(ctx).map((a) => a.id));
      const traffic = params.text('traffictype')?.toLowerCase();
      const protocol = params.text('protocol')?.toLowerCase();
      const action = params.text('action')?.toLowerCase();
      const forDisplay = params.bool('fordisplay');
      const tags = params.keyValuePairs('tags');
      const items = [...store.networkAclItems.values()]
        .filter(
          (i) =>
            visible.has(i.aclId) &&
            (id === undefined || i.id === id) &&
            (aclId === undefined || i.aclId === aclId) &&
            (traffic === undefined || i.trafficType.toLowerCase() === traffic) &&
            (protocol === undefined || i.protocol.toLowerCase() === protocol) &&
            (action === undefined || i.action.toLowerCase() === action) &&
            (forDisplay === undefined || i.forDisplay === forDisplay) &&
            matchesTags(store, i.id, tags),
        )
        .sort((a, b) => (a.aclId === b.aclId ? a.number - b.number : 0));
      return listOf(ctx, 'networkacl', items, networkAclItemView);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.network.DeleteNetworkACLCmd',
    spec: {
      name: 'deleteNetworkACL',
      description: 'Deletes a rule of a network ACL list.',
      isAsync: true,
      related: ['createNetworkACL'],
      params: [idParam('id', 'networkaclitem', 'ID of the rule', { required: true })],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { store } = ctx;
      const item = itemFor(ctx, ctx.params.requiredId('id'));
      const job = ctx.startJob({
        instanceType: 'NetworkAclItem',
        instanceId: item.id,
        begin() {
          const acl = store.networkAcls.get(item.aclId);
          if (acl && isDefault(acl)) throw invalidParameter('ACL Items in default ACL cannot be deleted');
          item.state = 'Revoke';
        },
        finish() {
          store.forget(store.networkAclItems, 'networkaclitem', item.id);
          return { success: true };
        },
        rollback() {
          item.state = 'Active';
        },
      });
      return jobStarted(job.id);
    },
  }),
];

/** Removes a list with its rules (deleteNetworkACLList, and a VPC's lists when the VPC goes). */
export function removeAcl(store: Store, aclId: string): void {
  for (const item of [...store.networkAclItems.values()]) {
    if (item.aclId === aclId) {
      store.forget(store.networkAclItems, 'networkaclitem', item.id);
    }
  }
  store.forget(store.networkAcls, 'networkacl', aclId);
}
