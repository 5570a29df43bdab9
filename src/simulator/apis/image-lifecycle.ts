// Images family (issue 14): templates and ISOs registered from a URL (their download progresses, see
// image-downloads.ts), updated, copied between zones, extracted, deleted; ISOs attached to and detached from
// VMs. Grounded in CloudStack 4.18's TemplateManagerImpl (copyTemplate, deleteTemplate, attachIso,
// detachIso, extract), TemplateAdapterBase (register checks) and the Register/Copy/Extract/DeleteTemplateCmd
// and ...IsoCmd classes.
import { idListParam, idParam, ownerCreateParams, param } from '../catalog/params.js';
import type { ParamSpec } from '../catalog/types.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import type { Template, Vm } from '../state/model.js';
import { imageInZone, isoView, templateView } from '../views/images.js';
import { formatDate } from '../views/view.js';
import { vmView } from '../views/vm.js';
import { canAccess, listOf, ownerForCreate } from './listing.js';
import { type CallContext, defineApi, jobStarted, type SimulatedApi, SUCCESS_FIELDS } from './types.js';

type Kind = 'template' | 'iso';
const FORMATS = ['QCOW2', 'RAW', 'VHD', 'VHDX', 'OVA', 'VMDK', 'ISO', 'TAR', 'BAREMETAL'];
const HYPERVISORS = ['Simulator', 'KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'Ovm3', 'BareMetal'];
const EXTRACT_MODES = ['HTTP_DOWNLOAD', 'FTP_UPLOAD'];

const cap = (kind: Kind) => (kind === 'iso' ? 'Iso' : 'Template');
const viewOf = (kind: Kind) => (kind === 'iso' ? isoView : templateView);

/** The image named by `id`, of the right kind, that the caller may change. */
function imageFor(ctx: CallContext, kind: Kind, id: string, forUse = false): Template {
  const image = ctx.store.templates.get(id);
  if (!image || image.isIso !== (kind === 'iso')) {
    throw invalidParameter(
      kind === 'iso' ? 'Please specify a valid ISO.' : `Unable to find template with id ${id}`,
    );
  }
  const mayUse = forUse && (image.isPublic || image.isFeatured);
  if (!mayUse && !canAccess(ctx, image.accountId)) {
    throw permissionDenied(
      `Account ${ctx.caller.account.name} does not have permission to operate with resource ${id}`,
    );
  }
  return image;
}

function checkUrl(url: string): void {
  let scheme: string;
  try {
    scheme = new URL(url).protocol.replace(':', '').toLowerCase();
  } catch {
    throw invalidParameter(`Invalid url: ${url}`);
  }
  if (scheme !== 'http' && scheme !== 'https') throw invalidParameter(`Unsupported scheme for url: ${url}`);
}

function vmResult(ctx: CallContext, vm: Vm): Record<string, unknown> {
  ctx.store.touch(vm.id);
  return { virtualmachine: vmView.render(vm, ctx.rc) };
}

function registerApi(kind: Kind): SimulatedApi {
  const params: ParamSpec[] = [
    param('name', 'string', `name of the ${kind}`, { required: true }),
    param('displaytext', 'string', `description of the ${kind}`, { required: true, length: 4096 }),
    param('url', 'string', 'http(s) URL to download the image from', { required: true, length: 2048 }),
    idParam('ostypeid', 'ostype', 'OS type of the image'),
    param('ispublic', 'boolean', 'whether every account may use it'),
    param('isfeatured', 'boolean', 'whether it is featured'),
    param('isextractable', 'boolean', 'whether it may be downloaded (extracted)'),
    param('passwordenabled', 'boolean', 'whether it supports password reset'),
    param('isdynamicallyscalable', 'boolean', 'whether VMs from it may scale while running'),
    param('directdownload', 'boolean', 'download straight to primary storage (KVM)'),
    param('checksum', 'string', 'checksum of the image, {algorithm}hash'),
    ...ownerCreateParams(kind === 'iso' ? 'ISO' : 'template'),
  ];
  if (kind === 'iso') {
    params.push(
      idParam('zoneid', 'zone', 'zone to register the ISO in (-1: every zone)', { required: true }),
      param('bootable', 'boolean', 'whether VMs can boot from it; default true'),
      param('imagestoreuuid', 'string', 'image store to register it in'),
    );
  } else {
    params.push(
      param('format', 'string', 'image format: QCOW2, RAW, VHD, OVA, ...', { required: true }),
      param('hypervisor', 'string', 'hypervisor the template is for: Simulator, KVM, XenServer, VMware', {
        required: true,
      }),
      idParam('zoneid', 'zone', 'zone to register the template in'),
      idListParam('zoneids', 'zone', 'zones to register the template in'),
      param('bits', 'integer', '32 or 64 bit'),
      param('requireshvm', 'boolean', 'whether it needs HVM'),
      param('sshkeyenabled', 'boolean', 'whether it supports SSH key reset'),
      param('isrouting', 'boolean', 'whether it is a virtual router template (root admins)'),
      param('templatetag', 'string', 'tag for the template type (root admins)'),
      param('details', 'map', 'details of the template'),
      param('deployasis', 'boolean', 'deploy as is (VMware)', { since: '4.15.1' }),
    );
  }
  return defineApi({
    access: 'user',
    spec: {
      name: `register${cap(kind)}`,
      description:
        kind === 'iso'
          ? 'Registers an ISO from a URL; it downloads (isready false, status "N% Downloaded") and is then ready.'
          : 'Registers a template from a URL; it downloads (isready false, status "N% Downloaded") and is then ready to deploy from.',
      isAsync: false,
      related: [kind === 'iso' ? 'listIsos' : 'listTemplates', 'deployVirtualMachine'],
      params,
      response: viewOf(kind).fields,
    },
    handle(ctx) {
      const { params: p, store } = ctx;
      const ownerId = ownerForCreate(ctx);
      const url = p.text('url') ?? '';
      checkUrl(url);
      let format = 'ISO';
      let hypervisor = 'Simulator';
      if (kind === 'template') {
        format = (p.text('format') ?? '').toUpperCase();
        if (!FORMATS.includes(format)) {
          throw invalidParameter(
            `Image format is incorrect ${p.text('format')}. Supported formats are ${FORMATS.join(', ')}`,
          );
        }
        const wanted = p.text('hypervisor') ?? '';
        const known = HYPERVISORS.find((h) => h.toLowerCase() === wanted.toLowerCase());
        if (!known)
          throw invalidParameter(
            `Hypervisor Type: ${wanted} is invalid. Supported Hypervisor types are ${HYPERVISORS.join(', ')}`,
          );
        hypervisor = known;
      }
      const zoneId = p.text('zoneid');
      const zoneIds =
        zoneId === '-1'
          ? [...store.zones.keys()]
          : [...(p.idList('zoneids') ?? []), ...(zoneId ? [zoneId.toLowerCase()] : [])];
      if (zoneIds.length === 0)
        throw invalidParameter('Either zoneid or zoneids parameter must be specified');
      if (p.bool('isfeatured') && !ctx.caller.isRootAdmin) {
        throw permissionDenied('Only admins can create featured templates');
      }
      const osTypeId =
        p.id('ostypeid') ??
        [...store.osTypes.values()].find((o) => o.description.startsWith('Other'))?.id ??
        '';
      const image: Template = {
        id: store.newId(),
        internalId: store.nextInternalId('vm_template', 200),
        name: p.text('name') ?? '',
        displayText: p.text('displaytext') ?? '',
        isIso: kind === 'iso',
        isPublic: p.bool('ispublic') ?? false,
        isFeatured: p.bool('isfeatured') ?? false,
        isReady: false,
        isExtractable: p.bool('isextractable') ?? false,
        passwordEnabled: p.bool('passwordenabled') ?? false,
        bootable: kind === 'iso' ? (p.bool('bootable') ?? true) : true,
        accountId: ownerId,
        osTypeId,
        format,
        hypervisor,
        // The simulator downloads nothing: registered images are taken to be 2 GiB.
        size: 2 * 1024 ** 3,
        templateType: 'USER',
        zoneIds: [...new Set(zoneIds)],
        url,
        created: ctx.now,
        download: { startedAt: ctx.now, durationMs: store.downloadDurationMs(), percent: 0 },
        sshKeyEnabled: p.bool('sshkeyenabled'),
        isDynamicallyScalable: p.bool('isdynamicallyscalable'),
      };
      store.templates.set(image.id, image);
      return listOf(
        ctx,
        kind,
        image.zoneIds.map((z) => imageInZone(image, z)),
        viewOf(kind),
      );
    },
  });
}

function updateApi(kind: Kind): SimulatedApi {
  const params: ParamSpec[] = [
    idParam('id', 'template', `ID of the ${kind}`, { required: true }),
    param('name', 'string', 'new name'),
    param('displaytext', 'string', 'new description', { length: 4096 }),
    idParam('ostypeid', 'ostype', 'new OS type'),
    param('format', 'string', 'new format'),
    param('passwordenabled', 'boolean', 'whether it supports password reset'),
    param('bootable', 'boolean', 'whether VMs can boot from it'),
    param('sortkey', 'integer', 'order in lists'),
    param('isdynamicallyscalable', 'boolean', 'whether VMs from it may scale while running'),
    param('isrouting', 'boolean', 'whether it is a virtual router template (root admins)'),
    param('requireshvm', 'boolean', 'whether it needs HVM'),
    param('sshkeyenabled', 'boolean', 'whether it supports SSH key reset'),
    param('details', 'map', 'details to set'),
    param('cleanupdetails', 'boolean', 'remove all details'),
  ];
  if (kind === 'template')
    params.push(param('templatetype', 'string', 'new type (root admins): USER, SYSTEM, ...'));
  return defineApi({
    access: 'user',
    spec: {
      name: `update${cap(kind)}`,
      description: `Changes the name, description, OS type or flags of ${kind === 'iso' ? 'an ISO' : 'a template'}.`,
      isAsync: false,
      related: [kind === 'iso' ? 'listIsos' : 'listTemplates'],
      params,
      response: viewOf(kind).fields,
    },
    handle(ctx) {
      const { params: p, store } = ctx;
      const image = imageFor(ctx, kind, p.requiredId('id'));
      image.name = p.text('name') ?? image.name;
      image.displayText = p.text('displaytext') ?? image.displayText;
      image.osTypeId = p.id('ostypeid') ?? image.osTypeId;
      image.passwordEnabled = p.bool('passwordenabled') ?? image.passwordEnabled;
      image.bootable = p.bool('bootable') ?? image.bootable;
      image.sshKeyEnabled = p.bool('sshkeyenabled') ?? image.sshKeyEnabled;
      image.isDynamicallyScalable = p.bool('isdynamicallyscalable') ?? image.isDynamicallyScalable;
      const format = p.text('format')?.toUpperCase();
      if (format !== undefined) {
        if (!FORMATS.includes(format)) throw invalidParameter(`Image format: ${p.text('format')} is invalid`);
        image.format = format;
      }
      store.touch(image.id);
      return { [kind]: viewOf(kind).render(imageInZone(image, image.zoneIds[0] ?? ''), ctx.rc) };
    },
  });
}

function copyApi(kind: Kind): SimulatedApi {
  return defineApi({
    access: 'user',
    cmdClass: `org.apache.cloudstack.api.command.user.${kind}.Copy${cap(kind)}Cmd`,
    spec: {
      name: `copy${cap(kind)}`,
      description: `Copies a ready ${kind === 'iso' ? 'ISO' : 'template'} to other zones (destzoneid or destzoneids).`,
      isAsync: true,
      related: [kind === 'iso' ? 'listIsos' : 'listTemplates'],
      params: [
        idParam('id', 'template', `ID of the ${kind}`, { required: true }),
        idParam('sourcezoneid', 'zone', 'zone to copy from; default: any zone it is in'),
        idParam('destzoneid', 'zone', 'zone to copy to'),
        idListParam('destzoneids', 'zone', 'zones to copy to'),
      ],
      response: viewOf(kind).fields,
    },
    handle(ctx) {
      const { params: p, store } = ctx;
      const image = imageFor(ctx, kind, p.requiredId('id'), true);
      const source = p.id('sourcezoneid');
      const destinations = [
        ...(p.idList('destzoneids') ?? []),
        ...(p.id('destzoneid') ? [p.id('destzoneid') ?? ''] : []),
      ];
      if (destinations.length === 0) throw invalidParameter('Please specify destzoneid or destzoneids');
      if (source !== undefined && destinations.includes(source)) {
        throw invalidParameter('Please specify different source and destination zones.');
      }
      if (source !== undefined && !image.zoneIds.includes(source)) {
        throw invalidParameter(`There is no ${kind} ${image.id} ready in zone ${store.zone(source).name}`);
      }
      const job = ctx.startJob({
        instanceType: kind === 'iso' ? 'Iso' : 'Template',
        instanceId: image.id,
        begin() {
          if (!image.isReady) {
            throw invalidParameter(
              `Failed to copy ${kind === 'iso' ? 'ISO' : 'template'} ${image.name}: it is not downloaded yet`,
            );
          }
        },
        finish() {
          // A zone that already has the image is skipped, as CloudStack does.
          for (const zoneId of destinations) if (!image.zoneIds.includes(zoneId)) image.zoneIds.push(zoneId);
          store.touch(image.id);
          return { [kind]: viewOf(kind).render(imageInZone(image, destinations[0] ?? ''), ctx.rc) };
        },
      });
      return jobStarted(job.id);
    },
  });
}

function extractApi(kind: Kind): SimulatedApi {
  return defineApi({
    access: 'user',
    cmdClass: `org.apache.cloudstack.api.command.user.${kind}.Extract${cap(kind)}Cmd`,
    spec: {
      name: `extract${cap(kind)}`,
      description: `Gives a URL to download a${kind === 'iso' ? 'n ISO' : ' template'} from (mode HTTP_DOWNLOAD).`,
      isAsync: true,
      related: [kind === 'iso' ? 'listIsos' : 'listTemplates'],
      params: [
        idParam('id', 'template', `ID of the ${kind}`, { required: true }),
        param('mode', 'string', 'HTTP_DOWNLOAD or FTP_UPLOAD', { required: true }),
        param('url', 'string', 'FTP URL to upload to (FTP_UPLOAD)', { length: 2048 }),
        idParam('zoneid', 'zone', 'zone to extract from'),
      ],
      response: [
        { name: 'id', type: 'string', description: 'ID of the extracted object' },
        { name: 'name', type: 'string', description: 'name of the extracted object' },
        { name: 'accountid', type: 'string', description: 'ID of the owning account' },
        { name: 'state', type: 'string', description: 'DOWNLOAD_URL_CREATED, ...' },
        { name: 'zoneid', type: 'string', description: 'ID of the zone' },
        { name: 'zonename', type: 'string', description: 'name of the zone' },
        { name: 'extractMode', type: 'string', description: 'HTTP_DOWNLOAD or FTP_UPLOAD' },
        { name: 'url', type: 'string', description: 'URL to download from' },
        { name: 'created', type: 'date', description: 'when the URL was made' },
      ],
    },
    handle(ctx) {
      const { params: p, store } = ctx;
      const image = imageFor(ctx, kind, p.requiredId('id'), true);
      const mode = (p.text('mode') ?? '').toUpperCase();
      if (!EXTRACT_MODES.includes(mode)) {
        throw invalidParameter(
          `Please specify a valid extract Mode. Supported modes: ${EXTRACT_MODES.join(', ')}`,
        );
      }
      const isOwner = image.accountId === ctx.caller.account.id || ctx.caller.isRootAdmin;
      if (!image.isExtractable && !isOwner) {
        throw invalidParameter(`Unable to extract ${kind} id=${image.id} as it's not extractable`);
      }
      const zoneId = p.id('zoneid') ?? image.zoneIds[0] ?? '';
      if (!image.zoneIds.includes(zoneId)) {
        throw invalidParameter(`The ${kind} ${image.id} is not available in zone ${store.zone(zoneId).name}`);
      }
      const job = ctx.startJob({
        instanceType: kind === 'iso' ? 'Iso' : 'Template',
        instanceId: image.id,
        begin() {
          if (!image.isReady)
            throw invalidParameter(`The ${kind} ${image.id} is not ready yet to be extracted`);
        },
        finish: () => ({
          [kind]: {
            id: image.id,
            name: image.name,
            accountid: image.accountId,
            state: 'DOWNLOAD_URL_CREATED',
            zoneid: zoneId,
            zonename: store.zones.get(zoneId)?.name,
            extractMode: mode,
            url: `http://172.16.15.60/userdata/${store.newId()}.${image.isIso ? 'iso' : image.format.toLowerCase()}`,
            created: formatDate(ctx.now),
          },
        }),
      });
      return jobStarted(job.id);
    },
  });
}

function deleteApi(kind: Kind): SimulatedApi {
  const params: ParamSpec[] = [
    idParam('id', 'template', `ID of the ${kind}`, { required: true }),
    idParam('zoneid', 'zone', 'delete only the copy in this zone'),
  ];
  if (kind === 'template') {
    params.push(param('forced', 'boolean', 'delete even if VMs use it', { since: '4.9+' }));
  }
  return defineApi({
    access: 'user',
    cmdClass: `org.apache.cloudstack.api.command.user.${kind}.Delete${cap(kind)}Cmd`,
    spec: {
      name: `delete${cap(kind)}`,
      description:
        kind === 'iso'
          ? 'Deletes an ISO (from one zone with zoneid, or everywhere).'
          : 'Deletes a template (from one zone with zoneid, or everywhere); refused while VMs use it unless forced.',
      isAsync: true,
      related: [kind === 'iso' ? 'listIsos' : 'listTemplates'],
      params,
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const { params: p, store } = ctx;
      const image = imageFor(ctx, kind, p.requiredId('id'));
      const zoneId = p.id('zoneid');
      if (image.templateType === 'BUILTIN' || image.templateType === 'SYSTEM') {
        throw invalidParameter(
          `Unable to delete ${kind} ${image.name}: it is a ${image.templateType} ${kind}`,
        );
      }
      const users = [...store.vms.values()].filter(
        (vm) =>
          (vm.templateId === image.id || vm.isoId === image.id) &&
          (zoneId === undefined || vm.zoneId === zoneId),
      );
      if (kind === 'template' && !(p.bool('forced') ?? false) && users.length > 0) {
        throw invalidParameter(
          `Unable to delete template with id: ${image.id} because VM instances: [${users.map((vm) => vm.name).join(',')}] are using it.`,
        );
      }
      if (kind === 'iso' && users.some((vm) => vm.isoId === image.id)) {
        throw invalidParameter(`Unable to delete iso, as it's used by other vms`);
      }
      const job = ctx.startJob({
        instanceType: kind === 'iso' ? 'Iso' : 'Template',
        instanceId: image.id,
        finish() {
          image.zoneIds = zoneId === undefined ? [] : image.zoneIds.filter((z) => z !== zoneId);
          if (image.zoneIds.length === 0) {
            store.forget(store.templates, 'template', image.id);
          }
          store.touch(image.id);
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  });
}

function vmForIso(ctx: CallContext, id: string): Vm {
  const vm = ctx.store.vms.get(id);
  if (!vm) throw invalidParameter(`Unable to find a virtual machine with id ${id}`);
  if (!canAccess(ctx, vm.accountId)) {
    throw permissionDenied(
      `Account ${ctx.caller.account.name} does not have permission to operate with resource ${id}`,
    );
  }
  return vm;
}

/** createTemplate: a private template from a volume (its VM stopped) or from a volume snapshot. */
const createTemplateApi = defineApi({
  access: 'user',
  cmdClass: 'org.apache.cloudstack.api.command.user.template.CreateTemplateCmd',
  adminCmdClass: 'org.apache.cloudstack.api.command.admin.template.CreateTemplateCmdByAdmin',
  spec: {
    name: 'createTemplate',
    description:
      'Creates a template from a volume (its VM must be stopped) or from a volume snapshot, ready when the job ends.',
    isAsync: true,
    related: ['listTemplates', 'deployVirtualMachine'],
    params: [
      param('name', 'string', 'name of the template', { required: true }),
      param('displaytext', 'string', 'description of the template', { required: true, length: 4096 }),
      idParam('ostypeid', 'ostype', 'OS type of the template', { required: true }),
      idParam('volumeid', 'volume', 'volume to make it from'),
      idParam('snapshotid', 'snapshot', 'volume snapshot to make it from'),
      idParam('virtualmachineid', 'vm', 'VM of the volume (KVM snapshots on primary storage)'),
      param('ispublic', 'boolean', 'whether every account may use it'),
      param('isfeatured', 'boolean', 'whether it is featured'),
      param('passwordenabled', 'boolean', 'whether it supports password reset'),
      param('sshkeyenabled', 'boolean', 'whether it supports SSH key reset'),
      param('isdynamicallyscalable', 'boolean', 'whether VMs from it may scale while running'),
      param('requireshvm', 'boolean', 'whether it needs HVM'),
      param('bits', 'integer', '32 or 64 bit'),
      param('details', 'map', 'details of the template'),
      param('templatetag', 'string', 'tag for the template type (root admins)'),
      param('url', 'string', 'optional, only for bare metal', { length: 2048 }),
      idParam('projectid', 'project', 'project that will own the template'),
    ],
    response: templateView.fields,
  },
  handle(ctx) {
    const { params: p, store } = ctx;
    const volumeId = p.id('volumeid');
    const snapshotId = p.id('snapshotid');
    if ((volumeId === undefined) === (snapshotId === undefined)) {
      throw invalidParameter('Specify only one of the following parameters: volumeid, snapshotid');
    }
    const snapshot = snapshotId ? store.snapshots.get(snapshotId) : undefined;
    if (snapshot && !canAccess(ctx, snapshot.accountId)) {
      throw permissionDenied(
        `Account ${ctx.caller.account.name} does not have permission to operate with resource ${snapshot.id}`,
      );
    }
    if (snapshot && snapshot.state !== 'BackedUp') {
      throw invalidParameter(
        `Snapshot ${snapshot.id} is not in BackedUp state yet and can't be used for template creation`,
      );
    }
    const volume = volumeId ? store.volumes.get(volumeId) : undefined;
    if (volume && !canAccess(ctx, volume.accountId)) {
      throw permissionDenied(
        `Account ${ctx.caller.account.name} does not have permission to operate with resource ${volume.id}`,
      );
    }
    const source = volume ?? store.volumes.get(snapshot?.volumeId ?? '');
    const zoneId = volume?.zoneId ?? snapshot?.zoneId ?? '';
    const image: Template = {
      id: store.newId(),
      internalId: store.nextInternalId('vm_template', 200),
      name: p.text('name') ?? '',
      displayText: p.text('displaytext') ?? '',
      isIso: false,
      isPublic: p.bool('ispublic') ?? false,
      isFeatured: p.bool('isfeatured') ?? false,
      isReady: false,
      isExtractable: false,
      passwordEnabled: p.bool('passwordenabled') ?? false,
      bootable: true,
      accountId: volume?.accountId ?? snapshot?.accountId ?? ctx.caller.account.id,
      osTypeId: p.requiredId('ostypeid'),
      format: 'RAW',
      hypervisor: 'Simulator',
      size: volume?.size ?? snapshot?.size ?? source?.size ?? 0,
      templateType: 'USER',
      zoneIds: [zoneId],
      url: undefined,
      created: ctx.now,
      sshKeyEnabled: p.bool('sshkeyenabled'),
      isDynamicallyScalable: p.bool('isdynamicallyscalable'),
    };
    const job = ctx.startJob({
      instanceType: 'Template',
      instanceId: image.id,
      begin() {
        if (volume) {
          const vm = volume.vmId ? store.vms.get(volume.vmId) : undefined;
          if (vm && vm.state !== 'Stopped') {
            throw invalidParameter(
              `VM ${vm.name} is in state ${vm.state}: stop it before creating a template from its volume ${volume.name}`,
            );
          }
          if (volume.state !== 'Ready') {
            throw invalidParameter(
              `Volume ${volume.name} is not Ready but ${volume.state}: it cannot be made a template`,
            );
          }
        }
        store.templates.set(image.id, image);
      },
      finish() {
        image.isReady = true;
        store.touch(image.id);
        return { template: templateView.render(imageInZone(image, zoneId), ctx.rc) };
      },
      rollback() {
        store.templates.delete(image.id);
      },
    });
    return jobStarted(job.id, image.id);
  },
});

export const imageLifecycleApis = [
  registerApi('template'),
  createTemplateApi,
  registerApi('iso'),
  updateApi('template'),
  updateApi('iso'),
  copyApi('template'),
  copyApi('iso'),
  extractApi('template'),
  extractApi('iso'),
  deleteApi('template'),
  deleteApi('iso'),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.iso.AttachIsoCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.iso.AttachIsoCmdByAdmin',
    spec: {
      name: 'attachIso',
      description: "Inserts an ISO into a virtual machine's CD-ROM (one at a time).",
      isAsync: true,
      related: ['detachIso', 'listIsos'],
      params: [
        idParam('id', 'template', 'ID of the ISO', { required: true }),
        idParam('virtualmachineid', 'vm', 'ID of the VM', { required: true }),
        param('forced', 'boolean', 'eject a stuck ISO first (VMware)', { since: '4.15.1' }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const { params: p } = ctx;
      const iso = imageFor(ctx, 'iso', p.requiredId('id'), true);
      const vm = vmForIso(ctx, p.requiredId('virtualmachineid'));
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        begin() {
          if (vm.state !== 'Running' && vm.state !== 'Stopped') {
            throw invalidParameter('Please specify a VM that is either Stopped or Running.');
          }
          if (vm.isoId !== undefined) {
            throw invalidParameter(
              'An ISO is already attached to the VM, please detach the current ISO before attaching another one',
            );
          }
          if (!iso.isReady) throw invalidParameter(`ISO ${iso.name} is not ready yet`);
          if (!iso.zoneIds.includes(vm.zoneId)) {
            throw invalidParameter(`ISO ${iso.name} is not available in the zone of the VM`);
          }
        },
        finish() {
          vm.isoId = iso.id;
          return vmResult(ctx, vm);
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.iso.DetachIsoCmd',
    adminCmdClass: 'org.apache.cloudstack.api.command.admin.iso.DetachIsoCmdByAdmin',
    spec: {
      name: 'detachIso',
      description: "Ejects the ISO from a virtual machine's CD-ROM.",
      isAsync: true,
      related: ['attachIso'],
      params: [
        idParam('virtualmachineid', 'vm', 'ID of the VM', { required: true }),
        param('forced', 'boolean', 'force the eject (VMware)', { since: '4.15.1' }),
      ],
      response: vmView.fields,
    },
    handle(ctx) {
      const vm = vmForIso(ctx, ctx.params.requiredId('virtualmachineid'));
      const job = ctx.startJob({
        instanceType: 'VirtualMachine',
        instanceId: vm.id,
        begin() {
          if (vm.isoId === undefined) throw invalidParameter('The specified VM has no ISO attached to it.');
        },
        finish() {
          vm.isoId = undefined;
          return vmResult(ctx, vm);
        },
      });
      return jobStarted(job.id);
    },
  }),
];
