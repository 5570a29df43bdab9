// The `volume` object.
import type { Volume } from '../state/model.js';
import { ownerFields, tagsField } from './common.js';
import { poolOfVolume } from './storage.js';
import { field, formatDate, jobFields, View } from './view.js';

/** Allocated and uploaded volumes are not on primary storage yet (CloudStack places them on first attach). */
function onPrimary(v: Volume): boolean {
  return v.state !== 'Allocated' && v.state !== 'UploadOp' && v.state !== 'Uploaded';
}

export const volumeView = new View<Volume>([
  field('id', 'string', 'ID of the volume', (v) => v.id),
  field('name', 'string', 'name of the volume', (v) => v.name),
  field('zoneid', 'string', 'ID of the zone of the volume', (v) => v.zoneId),
  field('zonename', 'string', 'name of that zone', (v, rc) => rc.store.zones.get(v.zoneId)?.name),
  field('type', 'string', 'ROOT or DATADISK', (v) => v.type),
  field('deviceid', 'long', 'device number in the attached virtual machine', (v) => v.deviceId),
  field('virtualmachineid', 'string', 'ID of the attached virtual machine', (v) => v.vmId),
  field('vmname', 'string', 'name of that virtual machine', (v, rc) =>
    v.vmId ? rc.store.vms.get(v.vmId)?.name : undefined,
  ),
  field('vmdisplayname', 'string', 'display name of that virtual machine', (v, rc) =>
    v.vmId ? rc.store.vms.get(v.vmId)?.displayName : undefined,
  ),
  field('vmstate', 'string', 'state of that virtual machine', (v, rc) =>
    v.vmId ? rc.store.vms.get(v.vmId)?.state : undefined,
  ),
  field('vmtype', 'string', 'type of that virtual machine', (v) => (v.vmId ? 'User' : undefined)),
  field('size', 'long', 'size of the volume in bytes', (v) => v.size),
  field('created', 'date', 'when the volume was created', (v) => formatDate(v.created)),
  field('attached', 'date', 'when the volume was attached to its virtual machine', (v) =>
    formatDate(v.attached),
  ),
  field('state', 'string', 'state: Allocated, Ready, Destroy or Expunged', (v) => v.state),
  ...ownerFields<Volume>('volume'),
  field('storagetype', 'string', 'shared or local storage', () => 'shared'),
  field('provisioningtype', 'string', 'provisioning type: thin, sparse or fat', () => 'thin'),
  field('hypervisor', 'string', 'hypervisor of the volume', () => 'Simulator'),
  field('diskofferingid', 'string', 'ID of the disk offering', (v) => v.diskOfferingId),
  field('diskofferingname', 'string', 'name of the disk offering', (v, rc) =>
    v.diskOfferingId ? rc.store.diskOfferings.get(v.diskOfferingId)?.name : undefined,
  ),
  field('diskofferingdisplaytext', 'string', 'description of the disk offering', (v, rc) =>
    v.diskOfferingId ? rc.store.diskOfferings.get(v.diskOfferingId)?.displayText : undefined,
  ),
  field('templateid', 'string', 'ID of the template a ROOT volume was created from', (v) => v.templateId),
  field('templatename', 'string', 'name of that template', (v, rc) =>
    v.templateId ? rc.store.templates.get(v.templateId)?.name : undefined,
  ),
  field('templatedisplaytext', 'string', 'description of that template', (v, rc) =>
    v.templateId ? rc.store.templates.get(v.templateId)?.displayText : undefined,
  ),
  field('storage', 'string', 'name of the primary storage holding the volume', (v, rc) =>
    onPrimary(v) ? poolOfVolume(rc.store, v)?.name : undefined,
  ),
  field('storageid', 'string', 'ID of that primary storage (root admins)', (v, rc) =>
    rc.admin && onPrimary(v) ? poolOfVolume(rc.store, v)?.id : undefined,
  ),
  field('snapshotid', 'string', 'ID of the snapshot the volume was created from', (v) => v.snapshotId),
  field('path', 'string', 'path of the volume on its storage (root admins)', (v, rc) =>
    rc.admin && onPrimary(v) ? v.id : undefined,
  ),
  field('destroyed', 'boolean', 'whether the volume is destroyed', (v) => v.state === 'Destroy'),
  field('isextractable', 'boolean', 'whether the volume can be downloaded', () => true),
  field('displayvolume', 'boolean', 'whether the volume is shown to the end user', () => true),
  field('quiescevm', 'boolean', 'whether the VM must be quiesced for snapshots', () => false),
  field(
    'supportsstoragesnapshot',
    'boolean',
    'whether the storage can snapshot the volume itself',
    () => false,
  ),
  tagsField<Volume>(),
  ...jobFields<Volume>(),
]);
