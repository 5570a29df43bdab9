// Fields shared by many response objects: ownership and resource tags.
import type { Tag } from '../state/model.js';
import type { Store } from '../state/store.js';
import { type FieldDef, field, View } from './view.js';

export function accountName(store: Store, accountId: string): string | undefined {
  return store.accounts.get(accountId)?.name;
}

function domainOfAccount(store: Store, accountId: string): { id: string; name: string } | undefined {
  const account = store.accounts.get(accountId);
  const domain = account ? store.domains.get(account.domainId) : undefined;
  return domain ? { id: domain.id, name: domain.name } : undefined;
}

/** `account`, `domainid`, `domain` of an account-owned object. */
export function ownerFields<T extends { accountId: string }>(what: string): FieldDef<T>[] {
  return [
    field<T>('account', 'string', `name of the account that owns the ${what}`, (o, rc) =>
      accountName(rc.store, o.accountId),
    ),
    field<T>(
      'domainid',
      'string',
      `ID of the domain of the ${what}'s owner`,
      (o, rc) => domainOfAccount(rc.store, o.accountId)?.id,
    ),
    field<T>(
      'domain',
      'string',
      `name of the domain of the ${what}'s owner`,
      (o, rc) => domainOfAccount(rc.store, o.accountId)?.name,
    ),
  ];
}

export const tagView = new View<Tag>([
  field('key', 'string', 'tag key', (t) => t.key),
  field('value', 'string', 'tag value', (t) => t.value),
  field(
    'resourcetype',
    'string',
    'type of the tagged resource (UserVm, Template, ISO, Volume, Network)',
    (t) => t.resourceType,
  ),
  field('resourceid', 'string', 'ID of the tagged resource', (t) => t.resourceId),
  ...ownerFields<Tag>('tag'),
  field('customer', 'string', 'customer the tag was created for, if any', (t) => t.customer),
]);

/** The `tags` field: the object's resource tags. */
export function tagsField<T extends { id: string }>(type = 'set'): FieldDef<T> {
  return field<T>('tags', type, 'resource tags of the object', (o, rc) => rc.store.tagsOf(o.id), tagView);
}
