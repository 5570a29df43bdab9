// Templates, ISOs and OS types, with CloudStack's templatefilter / isofilter semantics.
import {
  idListParam,
  idParam,
  ownerListParams,
  pagingParams,
  param,
  showIconParam,
} from '../catalog/params.js';
import type { ParamSpec } from '../catalog/types.js';
import { invalidParameter } from '../errors.js';
import type { Template } from '../state/model.js';
import { type ImageInZone, imageInZone, isoView, osTypeView, templateView } from '../views/images.js';
import { listOf, matchesKeyword } from './listing.js';
import { matchesTags } from './tags.js';
import { type CallContext, defineApi } from './types.js';

const IMAGE_FILTERS = [
  'featured',
  'self',
  'selfexecutable',
  'sharedexecutable',
  'executable',
  'community',
  'all',
];

/** Whether the image passes the filter for the caller. */
function passesFilter(ctx: CallContext, image: Template, filter: string): boolean {
  const own = image.accountId === ctx.caller.account.id;
  switch (filter) {
    case 'featured':
      return image.isPublic && image.isFeatured;
    case 'self':
      return own;
    case 'selfexecutable':
      return own && image.isReady;
    case 'sharedexecutable':
      // Sharing with other accounts (updateTemplatePermissions) is not simulated, so nothing is shared.
      return false;
    case 'executable':
      return image.isReady && (own || image.isPublic);
    case 'community':
      return image.isPublic && !image.isFeatured;
    case 'all':
      return ctx.caller.isRootAdmin || ctx.caller.isDomainAdmin || own || image.isPublic;
    default:
      return false;
  }
}

function checkFilter(ctx: CallContext, name: string, value: string): string {
  const filter = value.toLowerCase();
  if (!IMAGE_FILTERS.includes(filter)) {
    throw invalidParameter(`Invalid ${name} ${value}: it must be one of ${IMAGE_FILTERS.join(', ')}`);
  }
  if (filter === 'all' && !ctx.caller.isRootAdmin && !ctx.caller.isDomainAdmin) {
    throw invalidParameter(`${name}=all is only available to admins`);
  }
  return filter;
}

function listImages(ctx: CallContext, isIso: boolean, filter: string): ImageInZone[] {
  const { params, store } = ctx;
  const id = params.id('id');
  const ids = params.idList('ids');
  const name = params.text('name');
  const zoneId = params.id('zoneid');
  const keyword = params.text('keyword');
  const hypervisor = params.text('hypervisor');
  const bootable = params.bool('bootable');
  const isPublic = params.bool('ispublic');
  const isReady = params.bool('isready');
  const tags = params.keyValuePairs('tags');
  const out: ImageInZone[] = [];
  for (const image of store.templates.values()) {
    if (image.isIso !== isIso || !passesFilter(ctx, image, filter)) continue;
    if (id !== undefined && image.id !== id) continue;
    if (ids !== undefined && !ids.includes(image.id)) continue;
    if (name !== undefined && image.name !== name) continue;
    if (!matchesKeyword(keyword, image.name, image.displayText)) continue;
    if (hypervisor !== undefined && !isIso && hypervisor.toLowerCase() !== image.hypervisor.toLowerCase())
      continue;
    if (bootable !== undefined && image.bootable !== bootable) continue;
    if (isPublic !== undefined && image.isPublic !== isPublic) continue;
    if (isReady !== undefined && image.isReady !== isReady) continue;
    if (!matchesTags(store, image.id, tags)) continue;
    for (const zone of image.zoneIds) {
      if (zoneId === undefined || zone === zoneId) out.push(imageInZone(image, zone));
    }
  }
  return out;
}

function imageParams(kind: 'template' | 'ISO'): ParamSpec[] {
  const entity = 'template';
  return [
    idParam('id', entity, `only the ${kind} with this ID`),
    ...(kind === 'template'
      ? [idListParam('ids', entity, 'only the templates with these IDs', { since: '4.9' })]
      : []),
    param('name', 'string', `only the ${kind} with this name`),
    idParam('zoneid', 'zone', `only copies of the ${kind} in this zone`),
    param('hypervisor', 'string', `only ${kind}s for this hypervisor`),
    param('tags', 'map', `only ${kind}s with these resource tags`),
    param('showremoved', 'boolean', `whether to include removed ${kind}s`),
    param('showunique', 'boolean', `one entry per ${kind} instead of one per zone`, { since: '4.13.2' }),
    showIconParam,
    ...ownerListParams(`${kind}s`),
    ...pagingParams,
  ];
}

export const imageApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'listTemplates',
      description:
        'Lists templates, one entry per zone. templatefilter chooses which: featured, self, selfexecutable, sharedexecutable, executable, community or all.',
      isAsync: false,
      related: ['listIsos', 'deployVirtualMachine'],
      params: [
        param('templatefilter', 'string', `which templates: ${IMAGE_FILTERS.join(', ')}`, { required: true }),
        ...imageParams('template'),
        idParam('parenttemplateid', 'template', 'only templates created from this one', { since: '4.4' }),
        param('details', 'list', 'which details to include: all, min', { since: '4.15' }),
      ],
      response: templateView.fields,
    },
    handle(ctx) {
      const filter = checkFilter(ctx, 'templatefilter', ctx.params.string('templatefilter') ?? '');
      const items = ctx.params.id('parenttemplateid') === undefined ? listImages(ctx, false, filter) : [];
      return listOf(ctx, 'template', items, templateView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listIsos',
      description:
        'Lists ISO images, one entry per zone; isofilter works like templatefilter (default selfexecutable).',
      isAsync: false,
      related: ['listTemplates'],
      params: [
        param('isofilter', 'string', `which ISOs: ${IMAGE_FILTERS.join(', ')}; default selfexecutable`),
        param('bootable', 'boolean', 'only ISOs that can (true) or cannot (false) be booted'),
        param('ispublic', 'boolean', 'only public (true) or private (false) ISOs'),
        param('isready', 'boolean', 'only ISOs that are (true) or are not (false) ready'),
        ...imageParams('ISO'),
      ],
      response: isoView.fields,
    },
    handle(ctx) {
      const filter = checkFilter(ctx, 'isofilter', ctx.params.text('isofilter') ?? 'selfexecutable');
      return listOf(ctx, 'iso', listImages(ctx, true, filter), isoView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listOsTypes',
      description: 'Lists the guest operating system types templates and ISOs can declare.',
      isAsync: false,
      related: ['listTemplates'],
      params: [
        idParam('id', 'ostype', 'only the OS type with this ID'),
        param('oscategoryid', 'uuid', 'only OS types of this category'),
        param('description', 'string', 'only the OS type with this name', { since: '3.0.1' }),
        ...pagingParams,
      ],
      response: osTypeView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const id = params.id('id');
      const category = params.id('oscategoryid');
      const description = params.text('description');
      const keyword = params.text('keyword');
      const items = [...store.osTypes.values()].filter(
        (o) =>
          (id === undefined || o.id === id) &&
          (category === undefined || o.categoryId === category) &&
          (description === undefined || o.description === description) &&
          matchesKeyword(keyword, o.description),
      );
      return listOf(ctx, 'ostype', items, osTypeView);
    },
  }),
];
