// --- Accounts family (issue 15) ---
// listConfigurations and updateConfiguration over state/configurations.ts. Texts from apache/cloudstack
// server/src/main/java/com/cloud/configuration/ConfigurationManagerImpl.java (updateConfiguration,
// validateConfigurationValue).
import { idParam, pagingParams, param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { invalidParameter } from '../errors.js';
import {
  CONFIG_DEFS,
  type ConfigDef,
  configDef,
  configValue,
  resetConfigValue,
  setConfigValue,
} from '../state/configurations.js';
import { listJson, paginate } from './listing.js';
import { type CallContext, defineApi } from './types.js';

const configurationFields: FieldSpec[] = [
  { name: 'category', type: 'string', description: 'the category of the configuration' },
  { name: 'name', type: 'string', description: 'the name of the configuration' },
  { name: 'value', type: 'string', description: 'the value of the configuration' },
  { name: 'defaultvalue', type: 'string', description: 'the default value of the configuration' },
  { name: 'description', type: 'string', description: 'the description of the configuration' },
  {
    name: 'scope',
    type: 'string',
    description: 'scope(zone/cluster/pool/account) of the parameter that needs to be updated',
  },
  { name: 'id', type: 'long', description: 'the value of the configuration' },
  { name: 'isdynamic', type: 'boolean', description: 'true if the configuration is dynamic' },
  { name: 'component', type: 'string', description: 'the component of the configuration' },
  { name: 'group', type: 'string', description: 'the group of the configuration' },
  { name: 'subgroup', type: 'string', description: 'the subgroup of the configuration' },
  { name: 'type', type: 'string', description: 'the type of the configuration value' },
  { name: 'displaytext', type: 'string', description: 'the display text of the configuration' },
];

const scopeParams = [
  idParam(
    'accountid',
    'account',
    'the ID of the Account to update the parameter value for corresponding account',
  ),
  idParam(
    'domainid',
    'domain',
    'the ID of the Domain to update the parameter value for corresponding domain',
  ),
  idParam('zoneid', 'zone', 'the ID of the Zone to update the parameter value for corresponding zone'),
  // Scopes no modelled setting has: accepted, and they list nothing.
  idParam(
    'clusterid',
    'cluster',
    'the ID of the Cluster to update the parameter value for corresponding cluster',
  ),
  idParam(
    'storageid',
    'storagepool',
    'the ID of the Storage pool to update the parameter value for corresponding storage pool',
  ),
  idParam(
    'imagestoreuuid',
    'imagestore',
    'the ID of the Image Store to update the parameter value for corresponding image store',
  ),
];

/** The scope a call names (zone, account or domain) and the object's uuid. */
function scopeOf(ctx: CallContext): { scope: string; id: string } | undefined {
  for (const [scope, name] of [
    ['zone', 'zoneid'],
    ['account', 'accountid'],
    ['domain', 'domainid'],
    ['cluster', 'clusterid'],
    ['storagepool', 'storageid'],
    ['imagestore', 'imagestoreuuid'],
  ] as const) {
    const id = ctx.params.id(name);
    if (id !== undefined) return { scope, id };
  }
  return undefined;
}

/** "Please enter ..." texts of validateConfigurationValue. */
function validate(def: ConfigDef, value: string): void {
  if (def.type === 'Boolean' && value !== 'true' && value !== 'false') {
    throw invalidParameter("Please enter either 'true' or 'false'.");
  }
  if ((def.type === 'Integer' || def.type === 'Long') && !/^-?\d+$/.test(value)) {
    throw invalidParameter(
      `There was an error trying to parse the ${def.type === 'Integer' ? 'integer' : 'long'} value for:${def.name}`,
    );
  }
}

function render(
  ctx: CallContext,
  def: ConfigDef,
  scoped?: { scope: string; id: string },
): Record<string, unknown> {
  const displayText = def.name
    .split('.')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return {
    category: def.category,
    name: def.name,
    value: configValue(ctx.store, def.name, scoped?.id),
    defaultvalue: def.defaultValue,
    description: def.description,
    ...(scoped ? { scope: scoped.scope } : {}),
    isdynamic: def.isDynamic,
    component: def.component,
    group: def.group,
    subgroup: def.subgroup,
    type: def.type,
    displaytext: displayText,
  };
}

export const configurationApis = [
  defineApi({
    access: 'admin',
    spec: {
      name: 'listConfigurations',
      description: 'Lists all configurations.',
      isAsync: false,
      related: ['updateConfiguration'],
      params: [
        param('category', 'string', 'lists configurations by category'),
        param('group', 'string', 'lists configuration by group name (primarily used for UI)', {
          since: '4.18.0',
        }),
        param('name', 'string', 'lists configuration by name'),
        param('parent', 'string', 'lists configuration by parent name (primarily used for UI)', {
          since: '4.18.0',
        }),
        param('subgroup', 'string', 'lists configuration by subgroup name (primarily used for UI)', {
          since: '4.18.0',
        }),
        ...scopeParams,
        ...pagingParams,
      ],
      response: configurationFields,
    },
    handle(ctx) {
      const { params } = ctx;
      const scoped = scopeOf(ctx);
      const name = params.text('name')?.toLowerCase();
      const category = params.text('category')?.toLowerCase();
      const group = params.text('group')?.toLowerCase();
      const subgroup = params.text('subgroup')?.toLowerCase();
      const keyword = params.text('keyword')?.toLowerCase();
      // ConfigurationManagerImpl.searchForConfigurations: `name` matches a part of the name, like keyword.
      const rows = CONFIG_DEFS.filter(
        (def) =>
          (!scoped || (def.scopes as readonly string[]).includes(scoped.scope)) &&
          (name === undefined || def.name.includes(name)) &&
          (category === undefined || def.category.toLowerCase() === category) &&
          (group === undefined || def.group.toLowerCase() === group) &&
          (subgroup === undefined || def.subgroup.toLowerCase() === subgroup) &&
          (keyword === undefined ||
            def.name.includes(keyword) ||
            def.description.toLowerCase().includes(keyword)),
      ).map((def) => render(ctx, def, scoped));
      const page = paginate(rows, params);
      return listJson(
        'configuration',
        page.count,
        page.items.map((row) => Buffer.from(JSON.stringify(row))),
      );
    },
  }),
  defineApi({
    access: 'admin',
    spec: {
      name: 'updateConfiguration',
      description: 'Updates a configuration.',
      isAsync: false,
      related: ['listConfigurations'],
      params: [
        param('name', 'string', 'the name of the configuration', { required: true }),
        param('value', 'string', 'the value of the configuration', { length: 4096 }),
        ...scopeParams,
      ],
      response: configurationFields,
    },
    handle(ctx) {
      const name = ctx.params.string('name') ?? '';
      const def = configDef(name);
      if (!def) throw invalidParameter(`Config parameter with name ${name} doesn't exist`);
      const scoped = scopeOf(ctx);
      if (scoped && !(def.scopes as readonly string[]).includes(scoped.scope)) {
        throw invalidParameter(`Invalid scope id provided for the parameter ${name}`);
      }
      const value = ctx.params.string('value') ?? def.defaultValue;
      validate(def, value);
      setConfigValue(ctx.store, def.name, value, scoped?.id);
      return { configuration: render(ctx, def, scoped) };
    },
  }),
  // Issue 14: ConfigurationManagerImpl.resetConfiguration.
  defineApi({
    access: 'admin',
    spec: {
      name: 'resetConfiguration',
      description:
        'Resets a configuration. The configuration will be set to default value for global setting, and removed from account_details or domain_details for Account/Domain settings',
      isAsync: false,
      since: '4.16.0',
      related: ['listConfigurations'],
      params: [
        param('name', 'string', 'the name of the configuration', { required: true }),
        idParam('zoneid', 'zone', 'the ID of the Zone to reset the parameter value for corresponding zone'),
        idParam(
          'clusterid',
          'cluster',
          'the ID of the Cluster to reset the parameter value for corresponding cluster',
        ),
        idParam(
          'accountid',
          'account',
          'the ID of the Account to reset the parameter value for corresponding account',
        ),
        idParam(
          'domainid',
          'domain',
          'the ID of the Domain to reset the parameter value for corresponding domain',
        ),
        idParam(
          'storageid',
          'storagepool',
          'the ID of the Storage pool to reset the parameter value for corresponding storage pool',
        ),
        idParam(
          'imagestoreid',
          'imagestore',
          'the ID of the Image Store to reset the parameter value for corresponding image store',
        ),
      ],
      response: configurationFields,
    },
    handle(ctx) {
      const name = ctx.params.string('name') ?? '';
      const def = configDef(name);
      if (!def) throw invalidParameter(`Configuration ${name} does not exist`);
      const scoped =
        scopeOf(ctx) ??
        (ctx.params.id('imagestoreid') === undefined
          ? undefined
          : { scope: 'imagestore', id: ctx.params.id('imagestoreid') ?? '' });
      if (scoped && !(def.scopes as readonly string[]).includes(scoped.scope)) {
        throw invalidParameter(`Invalid scope id provided for the parameter ${name}`);
      }
      resetConfigValue(ctx.store, def.name, scoped?.id);
      return { configuration: render(ctx, def, scoped) };
    },
  }),
];
// --- end Accounts family ---
