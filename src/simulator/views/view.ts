// A response object described once: each field's name, type and meaning next to how its value is read.
// The same table renders responses and documents them in listApis, so the two cannot drift apart.
import type { FieldSpec } from '../catalog/types.js';
import type { Store } from '../state/store.js';

export interface RenderContext {
  store: Store;
  /** Root admins see placement details (host, instance name) that other callers do not. */
  admin: boolean;
}

export type Getter<T> = (source: T, rc: RenderContext) => unknown;

export interface FieldDef<T> {
  name: string;
  type: string;
  description: string;
  get: Getter<T>;
  /** For lists and sets of objects: the view of one element; the getter returns the elements' sources. */
  of?: AnyView;
}

interface AnyView {
  readonly fields: FieldSpec[];
  renderAny(source: unknown, rc: RenderContext): Record<string, unknown>;
}

export class View<T> implements AnyView {
  private readonly defs: FieldDef<T>[];

  constructor(defs: FieldDef<T>[]) {
    this.defs = defs;
  }

  /** The listApis description of the object's fields. */
  get fields(): FieldSpec[] {
    return this.defs.map((def) => {
      const spec: FieldSpec = { name: def.name, type: def.type, description: def.description };
      if (def.of) spec.fields = def.of.fields;
      return spec;
    });
  }

  /** The field definitions, for a view of a type that extends this one's. */
  defsFor<S extends T>(): FieldDef<S>[] {
    return this.defs as unknown as FieldDef<S>[];
  }

  get names(): string[] {
    return this.defs.map((def) => def.name);
  }

  /** Renders the object; fields whose value is undefined are left out, as CloudStack's serializer does. */
  render(source: T, rc: RenderContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const def of this.defs) {
      const value = def.get(source, rc);
      if (value === undefined) continue;
      const sub = def.of;
      out[def.name] = sub && Array.isArray(value) ? value.map((item) => sub.renderAny(item, rc)) : value;
    }
    return out;
  }

  renderAny(source: unknown, rc: RenderContext): Record<string, unknown> {
    return this.render(source as T, rc);
  }
}

/** Shorthand for a field definition. */
export function field<T>(
  name: string,
  type: string,
  description: string,
  get: Getter<T>,
  of?: AnyView,
): FieldDef<T> {
  return of ? { name, type, description, get, of } : { name, type, description, get };
}

/** The two fields every CloudStack response object carries for the latest async job acting on it. */
export function jobFields<T extends { id: string }>(): FieldDef<T>[] {
  return [
    field<T>('jobid', 'string', 'ID of the async job currently acting on this object, if any', (o, rc) =>
      rc.store.jobs.pendingJobFor(o.id),
    ),
    field<T>('jobstatus', 'integer', 'status of that job (0 while it runs)', (o, rc) =>
      rc.store.jobs.pendingJobFor(o.id) === undefined ? undefined : 0,
    ),
  ];
}

/** CloudStack's date format: `2021-10-04T09:24:38+0000`. */
export function formatDate(time: number | undefined): string | undefined {
  if (time === undefined) return undefined;
  return `${new Date(time).toISOString().slice(0, 19)}+0000`;
}

/** Reuses field definitions written for one source type on another that contains it. */
export function adapt<S, T>(defs: FieldDef<T>[], to: (source: S) => T): FieldDef<S>[] {
  return defs.map((def) => ({ ...def, get: (source: S, rc: RenderContext) => def.get(to(source), rc) }));
}
