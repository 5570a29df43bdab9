// Templates and ISOs (one object per zone the image is in), and OS types.
import type { OsType, Template } from '../state/model.js';
import { ownerFields, tagsField } from './common.js';
import { adapt, field, formatDate, jobFields, View } from './view.js';

/** A template or ISO as listed for one zone. */
export interface ImageInZone {
  id: string;
  image: Template;
  zoneId: string;
}

export function imageInZone(image: Template, zoneId: string): ImageInZone {
  return { id: image.id, image, zoneId };
}

const owner = ownerFields<{ accountId: string }>('image');

function imageFields(kind: 'template' | 'ISO') {
  return [
    field<ImageInZone>('id', 'string', `ID of the ${kind}`, (s) => s.image.id),
    field<ImageInZone>('name', 'string', `name of the ${kind}`, (s) => s.image.name),
    field<ImageInZone>('displaytext', 'string', `description of the ${kind}`, (s) => s.image.displayText),
    field<ImageInZone>(
      'ispublic',
      'boolean',
      `whether every account may use the ${kind}`,
      (s) => s.image.isPublic,
    ),
    field<ImageInZone>('created', 'date', `when the ${kind} was registered`, (s) =>
      formatDate(s.image.created),
    ),
    field<ImageInZone>('isready', 'boolean', `whether the ${kind} is ready to use`, (s) => s.image.isReady),
    field<ImageInZone>(
      'passwordenabled',
      'boolean',
      'whether the image supports password reset',
      (s) => s.image.passwordEnabled,
    ),
    field<ImageInZone>('isfeatured', 'boolean', `whether the ${kind} is featured`, (s) => s.image.isFeatured),
    field<ImageInZone>(
      'crossZones',
      'boolean',
      `whether the ${kind} is available in every zone`,
      () => false,
    ),
    field<ImageInZone>('ostypeid', 'string', 'ID of the OS type', (s) => s.image.osTypeId),
    field<ImageInZone>(
      'ostypename',
      'string',
      'name of the OS type',
      (s, rc) => rc.store.osTypes.get(s.image.osTypeId)?.description,
    ),
    ...adapt(owner.slice(0, 1), (s: ImageInZone) => s.image),
    field<ImageInZone>('accountid', 'string', 'ID of the owning account', (s) => s.image.accountId),
    field<ImageInZone>('zoneid', 'string', 'ID of the zone of this copy', (s) => s.zoneId),
    field<ImageInZone>(
      'zonename',
      'string',
      'name of that zone',
      (s, rc) => rc.store.zones.get(s.zoneId)?.name,
    ),
    field<ImageInZone>('status', 'string', 'download status of the image', (s) => {
      if (s.image.download) return `${s.image.download.percent}% Downloaded`;
      return s.image.isIso ? 'Successfully Installed' : 'Download Complete';
    }),
    field<ImageInZone>('size', 'long', 'size in bytes', (s) => s.image.size),
    field<ImageInZone>('physicalsize', 'long', 'size on secondary storage in bytes', (s) => s.image.size),
    ...adapt(owner.slice(1), (s: ImageInZone) => s.image),
    field<ImageInZone>(
      'isextractable',
      'boolean',
      'whether the image can be downloaded',
      (s) => s.image.isExtractable,
    ),
    field<ImageInZone>('bootable', 'boolean', 'whether a VM can boot from the ISO', (s) =>
      s.image.isIso ? s.image.bootable : undefined,
    ),
    field<ImageInZone>('format', 'imageformat', 'disk image format', (s) =>
      s.image.isIso ? undefined : s.image.format,
    ),
    field<ImageInZone>('templatetype', 'string', 'BUILTIN, USER, SYSTEM, ...', (s) =>
      s.image.isIso ? undefined : s.image.templateType,
    ),
    field<ImageInZone>('hypervisor', 'string', 'hypervisor the template is for', (s) =>
      s.image.isIso ? undefined : s.image.hypervisor,
    ),
    field<ImageInZone>('details', 'map', 'details of the template', (s) => (s.image.isIso ? undefined : {})),
    field<ImageInZone>('downloaddetails', 'list', 'download state per image store', (s) =>
      s.image.isIso
        ? undefined
        : [
            {
              downloadState: s.image.download ? 'DOWNLOAD_IN_PROGRESS' : 'DOWNLOADED',
              datastore: 'SimSecondaryStorage',
              downloadPercent: String(s.image.download?.percent ?? 100),
            },
          ],
    ),
    field<ImageInZone>('bits', 'int', 'bitness of the OS (32 or 64)', () => 64),
    field<ImageInZone>('sshkeyenabled', 'boolean', 'whether the template supports SSH key reset', (s) =>
      s.image.isIso ? undefined : (s.image.sshKeyEnabled ?? false),
    ),
    field<ImageInZone>(
      'isdynamicallyscalable',
      'boolean',
      'whether VMs from it can scale while running',
      () => false,
    ),
    field<ImageInZone>(
      'directdownload',
      'boolean',
      'whether the image is downloaded straight to primary storage',
      () => false,
    ),
    field<ImageInZone>('deployasis', 'boolean', 'whether the template is deployed as is (VMware)', (s) =>
      s.image.isIso ? undefined : false,
    ),
    field<ImageInZone>('requireshvm', 'boolean', 'whether the template needs HVM', (s) =>
      s.image.isIso ? undefined : true,
    ),
    field<ImageInZone>('url', 'string', 'URL the image was registered from', (s) => s.image.url),
    tagsField<ImageInZone>(),
    ...jobFields<ImageInZone>(),
  ];
}

export const templateView = new View<ImageInZone>(imageFields('template'));
export const isoView = new View<ImageInZone>(imageFields('ISO'));

export const osTypeView = new View<OsType>([
  field('id', 'string', 'ID of the OS type', (o) => o.id),
  field('description', 'string', 'name of the OS type', (o) => o.description),
  field('oscategoryid', 'string', 'ID of the OS category', (o) => o.categoryId),
  field('isuserdefined', 'boolean', 'whether an admin added the OS type', () => false),
  ...jobFields<OsType>(),
]);
