// Smaller administration APIs (issue 14): annotations (comments on objects, AnnotationManagerImpl),
// listHypervisorCapabilities, resetApiLimit and uploadCustomCertificate (root admins).
import { idParam, pagingParams, param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { invalidParameter } from '../errors.js';
import type { Store } from '../state/store.js';
import { field, formatDate, jobFields, View } from '../views/view.js';
import { listOf } from './listing.js';
import { defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

interface Annotation {
  id: string;
  entityType: string;
  entityId: string;
  entityName: string | undefined;
  text: string;
  userId: string;
  userName: string;
  adminsOnly: boolean;
  created: number;
}

const annotationsByStore = new WeakMap<Store, Map<string, Annotation>>();
function annotationsOf(store: Store): Map<string, Annotation> {
  let table = annotationsByStore.get(store);
  if (!table) {
    table = new Map();
    annotationsByStore.set(store, table);
  }
  return table;
}

/** AnnotationService.EntityType values the simulator can resolve, with the object's name. */
const ENTITY_NAMES: Record<string, (store: Store, id: string) => string | undefined> = {
  VM: (s, id) => s.vms.get(id)?.name,
  VOLUME: (s, id) => s.volumes.get(id)?.name,
  SNAPSHOT: (s, id) => s.snapshots.get(id)?.name,
  SSH_KEYPAIR: (s, id) => [...s.sshKeyPairs.values()].find((k) => k.id === id)?.name,
  NETWORK: (s, id) => s.networks.get(id)?.name,
  VPC: (s, id) => s.vpcs.get(id)?.name,
  PUBLIC_IP_ADDRESS: (s, id) => s.publicIps.get(id)?.address,
  TEMPLATE: (s, id) => s.templates.get(id)?.name,
  ISO: (s, id) => s.templates.get(id)?.name,
  SERVICE_OFFERING: (s, id) => s.serviceOfferings.get(id)?.name,
  DISK_OFFERING: (s, id) => s.diskOfferings.get(id)?.name,
  NETWORK_OFFERING: (s, id) => s.networkOfferings.get(id)?.name,
  ZONE: (s, id) => s.zones.get(id)?.name,
  POD: (s, id) => s.pods.get(id)?.name,
  CLUSTER: (s, id) => s.clusters.get(id)?.name,
  HOST: (s, id) => s.hosts.get(id)?.name,
  DOMAIN: (s, id) => s.domains.get(id)?.name,
  PRIMARY_STORAGE: (s, id) => s.storagePools.get(id)?.name,
  SECONDARY_STORAGE: (s, id) => s.imageStores.get(id)?.name,
};

const annotationView = new View<Annotation>([
  field('id', 'string', 'the (uu)id of the annotation', (a) => a.id),
  field('entitytype', 'string', 'the type of the annotated entity', (a) => a.entityType),
  field(
    'entityid',
    'string',
    'the (uu)id of the entity to which this annotation pertains',
    (a) => a.entityId,
  ),
  field(
    'entityname',
    'string',
    'the name of the entity to which this annotation pertains',
    (a) => a.entityName,
  ),
  field('annotation', 'string', 'the contents of the annotation', (a) => a.text),
  field('userid', 'string', 'The (uu)id of the user that entered the annotation', (a) => a.userId),
  field('username', 'string', 'The username of the user that entered the annotation', (a) => a.userName),
  field('adminsonly', 'boolean', 'True if the annotation is available for admins only', (a) => a.adminsOnly),
  field('created', 'date', 'the creation timestamp for this annotation', (a) => formatDate(a.created)),
  ...jobFields<Annotation>(),
]);

interface HypervisorCapability {
  id: string;
  hypervisor: string;
  version: string;
  maxGuests: number;
  maxDataVolumes: number;
  maxHostsPerCluster: number;
  securityGroups: boolean;
  storageMotion: boolean;
  vmSnapshots: boolean;
}

/** A few rows of CloudStack's hypervisor_capabilities table (its ids are numbers, shown as text). */
const HYPERVISOR_CAPABILITIES: readonly HypervisorCapability[] = [
  ['1', 'XenServer', 'default', 50, 6, 16, true, false, true],
  ['2', 'VMware', 'default', 128, 13, 32, false, true, true],
  ['3', 'KVM', 'default', 50, 26, 50, true, true, true],
  ['4', 'Simulator', 'default', 1000, 6, 1000, true, true, true],
].map(([id, hypervisor, version, maxGuests, maxDataVolumes, maxHostsPerCluster, sg, motion, snapshots]) => ({
  id: String(id),
  hypervisor: String(hypervisor),
  version: String(version),
  maxGuests: Number(maxGuests),
  maxDataVolumes: Number(maxDataVolumes),
  maxHostsPerCluster: Number(maxHostsPerCluster),
  securityGroups: sg === true,
  storageMotion: motion === true,
  vmSnapshots: snapshots === true,
}));

const hypervisorCapabilityView = new View<HypervisorCapability>([
  field('id', 'string', 'the ID of the hypervisor capabilities row', (h) => h.id),
  field('hypervisor', 'hypervisortype', 'the hypervisor type', (h) => h.hypervisor),
  field('hypervisorversion', 'string', 'the hypervisor version', (h) => h.version),
  field(
    'maxguestslimit',
    'long',
    'the maximum number of guest vms recommended for this hypervisor',
    (h) => h.maxGuests,
  ),
  field(
    'maxdatavolumeslimit',
    'integer',
    'the maximum number of Data Volumes that can be attached',
    (h) => h.maxDataVolumes,
  ),
  field(
    'maxhostspercluster',
    'integer',
    'the maximum number of Hosts per cluster',
    (h) => h.maxHostsPerCluster,
  ),
  field('securitygroupenabled', 'boolean', 'true if security group is supported', (h) => h.securityGroups),
  field('storagemotionenabled', 'boolean', 'true if storage motion is supported', (h) => h.storageMotion),
  field(
    'vmsnapshotenabled',
    'boolean',
    'true if VM snapshots are enabled for this hypervisor',
    (h) => h.vmSnapshots,
  ),
]);

const CERTIFICATE_FIELDS: FieldSpec[] = [
  { name: 'message', type: 'string', description: 'message of the certificate upload operation' },
];

export const adminMiscApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'addAnnotation',
      description: 'add an annotation.',
      isAsync: false,
      since: '4.11',
      related: ['listAnnotations'],
      params: [
        param('annotation', 'string', 'the annotation text'),
        param('entitytype', 'string', 'the entity type (HOST, CLUSTER, VM, VOLUME, NETWORK, ...)'),
        param('entityid', 'string', 'the id of the entity to annotate'),
        param('adminsonly', 'boolean', 'the annotation is visible for admins only', { since: '4.16.0' }),
      ],
      response: annotationView.fields,
    },
    handle(ctx) {
      const { store, params } = ctx;
      const entityType = (params.text('entitytype') ?? '').toUpperCase();
      const resolve = ENTITY_NAMES[entityType];
      if (!resolve) throw invalidParameter(`Invalid entity type: ${params.text('entitytype') ?? ''}`);
      const entityId = params.text('entityid') ?? '';
      const entityName = resolve(store, entityId);
      if (entityName === undefined) {
        throw invalidParameter(`Unable to find the entity ${entityType} with id ${entityId}`);
      }
      const annotation: Annotation = {
        id: store.newId(),
        entityType,
        entityId,
        entityName,
        text: params.text('annotation') ?? '',
        userId: ctx.caller.user.id,
        userName: ctx.caller.user.username,
        adminsOnly: params.bool('adminsonly') === true,
        created: ctx.now,
      };
      annotationsOf(store).set(annotation.id, annotation);
      return { annotation: annotationView.render(annotation, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listAnnotations',
      description: 'Lists annotations.',
      isAsync: false,
      since: '4.11',
      related: ['addAnnotation'],
      params: [
        param('id', 'string', 'the id of the annotation'),
        param('entitytype', 'string', 'the entity type'),
        param('entityid', 'string', 'the id of the entity for which to show annotations'),
        param('userid', 'string', 'optional: the id of the user of the annotation', { since: '4.16.0' }),
        param('annotationfilter', 'string', '"self" (the caller\'s annotations) or "all" (the default)', {
          since: '4.16.0',
        }),
        ...pagingParams,
      ],
      response: annotationView.fields,
    },
    handle(ctx) {
      const { params } = ctx;
      const id = params.text('id');
      const entityType = params.text('entitytype')?.toUpperCase();
      const entityId = params.text('entityid');
      const self = params.text('annotationfilter')?.toLowerCase() === 'self';
      const userId = params.text('userid') ?? (self ? ctx.caller.user.id : undefined);
      const keyword = params.text('keyword')?.toLowerCase();
      const items = [...annotationsOf(ctx.store).values()]
        .filter(
          (a) =>
            (id === undefined || a.id === id) &&
            (entityType === undefined || a.entityType === entityType) &&
            (entityId === undefined || a.entityId === entityId) &&
            (userId === undefined || a.userId === userId) &&
            (keyword === undefined || a.text.toLowerCase().includes(keyword)),
        )
        .reverse(); // newest first, as CloudStack sorts them
      return listOf(ctx, 'annotation', items, annotationView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'removeAnnotation',
      description: 'remove an annotation.',
      isAsync: false,
      since: '4.11',
      related: ['listAnnotations'],
      params: [param('id', 'string', 'the id of the annotation', { required: true })],
      response: annotationView.fields,
    },
    handle(ctx) {
      const table = annotationsOf(ctx.store);
      const id = ctx.params.text('id') ?? '';
      const annotation = table.get(id);
      if (!annotation) throw invalidParameter(`Unable to find annotation with id ${id}`);
      table.delete(id);
      return { annotation: annotationView.render(annotation, ctx.rc) };
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'listHypervisorCapabilities',
      description: 'Lists all hypervisor capabilities.',
      isAsync: false,
      since: '3.0.0',
      related: ['listHosts'],
      params: [
        param('id', 'uuid', 'ID of the hypervisor capability'),
        param('hypervisor', 'string', 'the hypervisor for which to restrict the search'),
        ...pagingParams,
      ],
      response: hypervisorCapabilityView.fields,
    },
    handle(ctx) {
      const hypervisor = ctx.params.text('hypervisor')?.toLowerCase();
      const keyword = ctx.params.text('keyword')?.toLowerCase();
      const items = HYPERVISOR_CAPABILITIES.filter(
        (h) =>
          (hypervisor === undefined || h.hypervisor.toLowerCase() === hypervisor) &&
          (keyword === undefined || h.hypervisor.toLowerCase().includes(keyword)),
      );
      // CloudStack's list key is camel-cased here.
      return listOf(ctx, 'hypervisorCapabilities', items, hypervisorCapabilityView);
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'resetApiLimit',
      description: 'Reset api count',
      isAsync: false,
      related: [],
      params: [idParam('account', 'account', 'the ID of the acount whose limit to be reset')],
      response: SUCCESS_FIELDS,
    },
    // The simulator keeps no per-account API counters (api.throttling is off, as CloudStack's default).
    handle() {
      return { success: true };
    },
  }),
  defineApi({
    access: 'admin',
    cmdClass: 'org.apache.cloudstack.api.command.admin.resource.UploadCustomCertificateCmd',
    spec: {
      name: 'uploadCustomCertificate',
      description: 'Uploads a custom certificate for the console proxy VMs to use for SSL.',
      isAsync: true,
      related: [],
      params: [
        param('certificate', 'string', 'The certificate to be uploaded.', { required: true, length: 65535 }),
        param('domainsuffix', 'string', 'DNS domain suffix that the certificate is granted for.', {
          required: true,
        }),
        param('id', 'integer', 'the location of the certificate in a chain (1 for the root)'),
        param('name', 'string', 'A name / alias for the certificate.'),
        param('privatekey', 'string', 'The private key for the attached certificate.', { length: 65535 }),
      ],
      response: CERTIFICATE_FIELDS,
    },
    handle(ctx) {
      const certificate = ctx.params.text('certificate') ?? '';
      // CertServiceImpl / ManagementServerImpl.uploadCertificate: a PEM certificate, with a key unless chained.
      if (!certificate.includes('-----BEGIN CERTIFICATE-----')) {
        throw invalidParameter('Failed to parse the certificate: not a PEM-encoded X.509 certificate');
      }
      if (ctx.params.int('id') === undefined && ctx.params.text('privatekey') === undefined) {
        throw invalidParameter('Private key is required for the server certificate');
      }
      const job = ctx.startJob({
        finish: () => ({
          customcertificate: {
            message:
              'Certificate has been successfully updated, if its the server certificate we would reboot all running console proxy VMs and secondary storage VMs to propagate the new certificate, please give a few minutes for console access and storage services service to be up and working again',
          },
        }),
      });
      return jobStarted(job.id);
    },
  }),
];
