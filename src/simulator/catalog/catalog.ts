// The catalog the simulator serves and validates against: its own API specs, optionally overlaid with a
// full listApis dump loaded at run time (then every API of that CloudStack version is known).
import { readFileSync } from 'node:fs';
import { levelAllows } from '../apis/access.js';
import type { Access, SimulatedApi } from '../apis/types.js';
import type { ApiSpec, FieldSpec, ListApisEntry, ListApisField, ParamSpec } from './types.js';

function toListApisField(field: FieldSpec): ListApisField {
  const out: ListApisField = { name: field.name, description: field.description, type: field.type };
  if (field.fields) out.response = field.fields.map(toListApisField);
  return out;
}

/** The listApis entry CloudStack would print for a spec. */
function toListApisEntry(spec: ApiSpec): ListApisEntry {
  const entry: ListApisEntry = {
    name: spec.name,
    description: spec.description,
    isasync: spec.isAsync,
    related: spec.related.join(','),
    params: spec.params.map((p) => {
      const out: ListApisEntry['params'][number] = {
        name: p.name,
        description: p.description,
        type: p.type,
        length: p.length,
        required: p.required,
      };
      if (p.since) out.since = p.since;
      if (p.related) out.related = p.related;
      return out;
    }),
    response: spec.response.map(toListApisField),
  };
  if (spec.since) entry.since = spec.since;
  return entry;
}

/** Reads a listApis dump: `{"listapisresponse": {"api": [...]}}` or `{"api": [...]}`. */
export function loadApiDump(path: string): ListApisEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `cannot read the API dump ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const container = (data as { listapisresponse?: unknown })?.listapisresponse ?? data;
  const apis = (container as { api?: unknown })?.api;
  if (!Array.isArray(apis)) throw new Error(`${path} is not a listApis answer: no "api" array found`);
  for (const [index, api] of apis.entries()) {
    const entry = api as Partial<ListApisEntry>;
    if (typeof entry?.name !== 'string' || !Array.isArray(entry.params)) {
      throw new Error(`${path}: API entry ${index} has no name or no params array`);
    }
  }
  return apis as ListApisEntry[];
}

function specFromDump(entry: ListApisEntry, own: ApiSpec | undefined): ApiSpec {
  const ownParams = new Map((own?.params ?? []).map((p) => [p.name.toLowerCase(), p]));
  const params: ParamSpec[] = entry.params
    .filter((p) => typeof p?.name === 'string')
    .map((p) => {
      const mine = ownParams.get(p.name.toLowerCase());
      const spec: ParamSpec = {
        name: p.name,
        type: typeof p.type === 'string' ? p.type : 'string',
        description: p.description ?? '',
        required: p.required === true,
        length: typeof p.length === 'number' ? p.length : 255,
      };
      if (mine?.entity) spec.entity = mine.entity;
      if (mine?.items) spec.items = mine.items;
      return spec;
    });
  return {
    name: entry.name,
    description: entry.description ?? '',
    isAsync: entry.isasync === true,
    related: [],
    params,
    response: [],
  };
}

export class Catalog {
  private readonly specs = new Map<string, ApiSpec>();
  private readonly entries = new Map<string, ListApisEntry>();
  private readonly apis = new Map<string, SimulatedApi>();
  private readonly jsonByName = new Map<string, string>();
  /** The whole listApis answer per access level (a role sees only the APIs it may call). */
  private readonly allJson = new Map<Access, string>();

  constructor(apis: readonly SimulatedApi[], dump?: readonly ListApisEntry[]) {
    for (const api of apis) {
      this.apis.set(api.spec.name, api);
      this.specs.set(api.spec.name, api.spec);
      this.entries.set(api.spec.name, toListApisEntry(api.spec));
    }
    for (const entry of dump ?? []) {
      this.specs.set(entry.name, specFromDump(entry, this.apis.get(entry.name)?.spec));
      this.entries.set(entry.name, entry);
    }
  }

  get size(): number {
    return this.specs.size;
  }

  names(): string[] {
    return [...this.specs.keys()].sort();
  }

  spec(name: string): ApiSpec | undefined {
    return this.specs.get(name);
  }

  /** The simulator's implementation, when it has one. */
  implementation(name: string): SimulatedApi | undefined {
    return this.apis.get(name);
  }

  /**
   * The `listapisresponse` body, for one API or all, sorted by name, as a caller at `level` sees it;
   * undefined for a name that is unknown or not available to that level (CloudStack's ApiDiscoveryServiceImpl
   * checks access the same way and finds nothing).
   */
  listApisJson(name?: string, level: Access = 'admin'): string | undefined {
    if (name !== undefined) {
      const entry = this.entries.get(name);
      if (!entry || !levelAllows(level, this.apis.get(name)?.access)) return undefined;
      let json = this.jsonByName.get(name);
      if (json === undefined) {
        json = `{"count":1,"api":[${JSON.stringify(entry)}]}`;
        this.jsonByName.set(name, json);
      }
      return json;
    }
    let all = this.allJson.get(level);
    if (all === undefined) {
      const entries = this.names()
        .filter((n) => levelAllows(level, this.apis.get(n)?.access))
        .map((n) => JSON.stringify(this.entries.get(n)));
      all = `{"count":${entries.length},"api":[${entries.join(',')}]}`;
      this.allJson.set(level, all);
    }
    return all;
  }
}
