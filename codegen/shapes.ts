// Response objects shared across APIs. CloudStack answers reuse the same response classes everywhere (a
// virtual machine's nics, tags, security groups and affinity groups appear in dozens of answers), and
// listApis documents them identically each time. Every object with the same fields (name, description,
// type, nested objects alike) becomes one shape: one interface, written once. A shape
// used by APIs of one group file lives in that file; one used from several files lives in `_shapes.ts`.
import { singular } from '../src/cloudstack/response-shape.js';
import { type ApiModel, type ObjectModel, RESERVED_NAMES } from './api-model.js';
import { pascal } from './naming.js';

export interface Shape {
  /**
   * The interface's name: what the first API (in name order) that has the object calls it; an object of the
   * shared file that some answer nests is named after that field instead (`tags` → `Tag`), unless another
   * type has that name. APIs whose body it is name it with an alias.
   */
  typeName: string;
  /** The first occurrence, whose fields are printed. */
  object: ObjectModel;
  /** The first API that has it. */
  owner: ApiModel;
  /** Whether it is a flat API's whole response (those are shared only with each other). */
  flat: boolean;
  /** The group file it is written in; undefined: the shared file. */
  home: string | undefined;
}

/** The file of the shapes used by several group files. */
export const SHARED_FILE = '_shapes';

/** Nested objects first (depth first), so every object comes after the objects it holds. */
export function objectsOf(object: ObjectModel, out: ObjectModel[] = []): ObjectModel[] {
  for (const field of object.fields) if (field.kind !== 'scalar') objectsOf(field.object, out);
  out.push(object);
  return out;
}

export class ShapeIndex {
  /** In order of first occurrence. */
  readonly shapes: Shape[] = [];
  private readonly byObject = new Map<ObjectModel, Shape>();

  constructor(apis: readonly ApiModel[]) {
    const byKey = new Map<string, { shape: Shape; id: number; groups: Set<string> }>();
    const ids = new Map<Shape, number>();
    const taken = new Set<string>(RESERVED_NAMES);
    const fieldNames = new Map<Shape, string>();
    for (const api of apis) {
      taken.add(api.paramsType).add(api.responseType);
      for (const object of objectsOf(api.body)) {
        taken.add(object.typeName);
        for (const field of object.fields) {
          if (field.kind === 'scalar') continue;
          const nested = this.of(field.object);
          if (!fieldNames.has(nested)) fieldNames.set(nested, field.name);
        }
        const flat = object === api.body && api.shape.kind === 'flat';
        // Nested objects already have their shapes: their ids stand for their whole content. Names and
        // descriptions come from JSON text, so they hold no NUL: it separates the parts.
        let key = flat ? 'flat' : 'object';
        for (const field of object.fields) {
          const type =
            field.kind === 'scalar'
              ? `${field.rule.helper}\0${field.rule.ts}`
              : `${field.kind}\0${ids.get(this.of(field.object))}`;
          key += `\0${field.name}\0${field.description}\0${type}`;
        }
        let entry = byKey.get(key);
        if (!entry) {
          const name = object.typeName;
          const shape: Shape = {
            typeName: name,
            object,
            owner: api,
            flat,
            home: undefined,
          };
          entry = { shape, id: byKey.size, groups: new Set() };
          byKey.set(key, entry);
          ids.set(shape, entry.id);
          this.shapes.push(shape);
        }
        entry.groups.add(api.group);
        this.byObject.set(object, entry.shape);
      }
    }
    for (const { shape, groups } of byKey.values()) {
      shape.home = groups.size === 1 ? [...groups][0] : undefined;
      const field = fieldNames.get(shape);
      if (shape.home !== undefined || !field) continue;
      const name = pascal(singular(field));
      if (!name || taken.has(name)) continue;
      taken.add(name);
      shape.typeName = name;
    }
  }

  of(object: ObjectModel): Shape {
    const shape = this.byObject.get(object);
    if (!shape) throw new Error(`codegen: no shape for ${object.typeName}`);
    return shape;
  }

  /** The shapes written in the shared file. */
  shared(): Shape[] {
    return this.shapes.filter((shape) => shape.home === undefined);
  }
}
