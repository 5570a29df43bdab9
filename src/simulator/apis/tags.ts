// Resource tags: createTags, deleteTags (async, as in CloudStack) and listTags. Tags travel as indexed map
// parameters: `tags[0].key=env&tags[0].value=prod`.
import { ownerListParams, pagingParams, param } from '../catalog/params.js';
import { invalidParameter, permissionDenied } from '../errors.js';
import { TAGGABLE_TYPES, type Tag, type TaggableType } from '../state/model.js';
import type { Store } from '../state/store.js';
import { tagView } from '../views/common.js';
import { canAccess, listOf, matchesKeyword, ownerScope } from './listing.js';
import { type CallContext, defineApi, jobStarted, SUCCESS_FIELDS } from './types.js';

/** Whether the resource carries every given tag (a pair without value matches any value). */
export function matchesTags(
  store: Store,
  resourceId: string,
  wanted: Array<{ key: string | undefined; value: string | undefined }>,
): boolean {
  if (wanted.length === 0) return true;
  const tags = store.tagsOf(resourceId);
  return wanted.every(
    (w) =>
      w.key === undefined ||
      tags.some((t) => t.key === w.key && (w.value === undefined || t.value === w.value)),
  );
}

function resolveType(text: string): TaggableType {
  const type = TAGGABLE_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
  if (!type) {
    throw invalidParameter(
      `Invalid resource type ${text}; the simulator tags these types: ${TAGGABLE_TYPES.join(', ')}`,
    );
  }
  return type;
}

function checkResources(ctx: CallContext, type: TaggableType, ids: string[]): void {
  for (const id of ids) {
    if (!ctx.store.taggableExists(type, id)) {
      throw invalidParameter(`Unable to find resource by id ${id} and type ${type}`);
    }
    const owner = ctx.store.ownerOfTaggable(type, id);
    if (owner !== undefined && !canAccess(ctx, owner)) {
      throw permissionDenied(`Caller cannot tag resource ${id}`);
    }
  }
}

const resourceParams = [
  param('resourcetype', 'string', 'type of the resources: UserVm, Template, ISO, Volume, Network, ...', {
    required: true,
  }),
  param('resourceids', 'list', 'IDs of the resources, comma-separated', { required: true, items: 'string' }),
];

export const tagApis = [
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.tag.CreateTagsCmd',
    spec: {
      name: 'createTags',
      description: 'Adds key/value tags to resources; give tags as tags[0].key=...&tags[0].value=...',
      isAsync: true,
      since: '4.0.0',
      related: ['listTags', 'deleteTags'],
      params: [
        ...resourceParams,
        param('tags', 'map', 'the tags: tags[i].key and tags[i].value', { required: true }),
        param('customer', 'string', 'the customer the tags are for (for reselling)'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const typeText = ctx.params.string('resourcetype') ?? '';
      const ids = (ctx.params.list('resourceids') ?? []).map((id) => id.toLowerCase());
      const pairs = ctx.params.keyValuePairs('tags');
      const customer = ctx.params.text('customer');
      const job = ctx.startJob({
        begin() {
          const type = resolveType(typeText);
          checkResources(ctx, type, ids);
          if (pairs.length === 0) throw invalidParameter('At least one tag must be given in tags');
          for (const pair of pairs) {
            if (pair.key === undefined || pair.key === '')
              throw invalidParameter('Every tag needs a key (tags[i].key)');
          }
          for (const id of ids) {
            for (const pair of pairs) {
              if (ctx.store.tagsOf(id).some((t) => t.key === pair.key)) {
                throw invalidParameter(`A tag with key ${pair.key} already exists on ${type} ${id}`);
              }
            }
          }
        },
        finish() {
          const type = resolveType(typeText);
          for (const id of ids) {
            const owner = ctx.store.ownerOfTaggable(type, id) ?? ctx.caller.account.id;
            const list = ctx.store.tags.get(id) ?? [];
            for (const pair of pairs) {
              const tag: Tag = {
                key: pair.key ?? '',
                value: pair.value ?? '',
                resourceType: type,
                resourceId: id,
                accountId: owner,
                customer,
              };
              list.push(tag);
            }
            ctx.store.tags.set(id, list);
            ctx.store.touch(id);
          }
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    cmdClass: 'org.apache.cloudstack.api.command.user.tag.DeleteTagsCmd',
    spec: {
      name: 'deleteTags',
      description:
        'Removes tags from resources: the given keys (and values), or all tags when none are given.',
      isAsync: true,
      since: '4.0.0',
      related: ['listTags', 'createTags'],
      params: [
        ...resourceParams,
        param('tags', 'map', 'tags to remove: tags[i].key, optionally tags[i].value'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const typeText = ctx.params.string('resourcetype') ?? '';
      const ids = (ctx.params.list('resourceids') ?? []).map((id) => id.toLowerCase());
      const pairs = ctx.params.keyValuePairs('tags');
      const matches = (tag: Tag) =>
        pairs.length === 0 ||
        pairs.some((p) => p.key === tag.key && (p.value === undefined || p.value === tag.value));
      const job = ctx.startJob({
        begin() {
          const type = resolveType(typeText);
          checkResources(ctx, type, ids);
          const found = ids.some((id) =>
            ctx.store.tagsOf(id).some((t) => t.resourceType === type && matches(t)),
          );
          if (!found)
            throw invalidParameter('Unable to find any tags which conform to specified delete parameters');
        },
        finish() {
          const type = resolveType(typeText);
          for (const id of ids) {
            const remaining = ctx.store.tagsOf(id).filter((t) => !(t.resourceType === type && matches(t)));
            if (remaining.length > 0) ctx.store.tags.set(id, remaining);
            else ctx.store.tags.delete(id);
            ctx.store.touch(id);
          }
          return { success: true };
        },
      });
      return jobStarted(job.id);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listTags',
      description: 'Lists resource tags.',
      isAsync: false,
      since: '4.0.0',
      related: ['createTags', 'deleteTags'],
      params: [
        param('resourcetype', 'string', 'only tags of resources of this type'),
        param('resourceid', 'string', 'only tags of this resource'),
        param('key', 'string', 'only tags with this key'),
        param('value', 'string', 'only tags with this value'),
        param('customer', 'string', 'only tags created for this customer'),
        ...ownerListParams('tags'),
        ...pagingParams,
      ],
      response: tagView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const type = params.text('resourcetype');
      const resourceId = params.text('resourceid')?.toLowerCase();
      const key = params.text('key');
      const value = params.text('value');
      const customer = params.text('customer');
      const keyword = params.text('keyword');
      const items: Tag[] = [];
      for (const tags of store.tags.values()) {
        for (const t of tags) {
          if (
            inScope(t.accountId) &&
            (type === undefined || t.resourceType.toLowerCase() === type.toLowerCase()) &&
            (resourceId === undefined || t.resourceId === resourceId) &&
            (key === undefined || t.key === key) &&
            (value === undefined || t.value === value) &&
            (customer === undefined || t.customer === customer) &&
            matchesKeyword(keyword, t.key, t.value)
          ) {
            items.push(t);
          }
        }
      }
      return listOf(ctx, 'tag', items, tagView);
    },
  }),
];
