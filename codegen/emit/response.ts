// Emitter: response interfaces. Every response object is a shape (shapes.ts), written once as an interface;
// an API whose body is another API's shape gets a type alias under its own name (`export type ListZonesItem =
// CreateZoneObject;`), and each API gets its wrapper (`{count, zone: [...]}` or `{zone: {...}}`) interface.
// (The schemas are built at run time from the API's response docs: src/cloudstack/schema-helpers.ts.)
import type { ApiModel, FieldModel } from '../api-model.js';
import { docText, jsDoc, propertyKey } from '../naming.js';
import type { Shape, ShapeIndex } from '../shapes.js';

/** How a file names shapes: records the ones it must import from the shared file. */
export interface ShapeRefs {
  readonly shapes: ShapeIndex;
  /** The shape's interface name, imported when it lives elsewhere. */
  type(shape: Shape): string;
}

function responseDoc(api: ApiModel): string {
  return api.isAsync
    ? `The result of ${api.name}'s async job (its \`jobresult\`).`
    : `The answer of ${api.name}, unwrapped.`;
}

function fieldType(field: FieldModel, refs: ShapeRefs): string {
  if (field.kind === 'scalar') return field.rule.ts;
  const name = refs.type(refs.shapes.of(field.object));
  return field.kind === 'array' ? `${name}[]` : name;
}

interface Member {
  name: string;
  type: string;
  doc?: string;
}

function interfaceText(name: string, doc: string | undefined, members: readonly Member[]): string {
  const lines = [`export interface ${name} {`, '  [key: string]: unknown;'];
  for (const member of members) {
    if (member.doc) lines.push(jsDoc(member.doc, '  '));
    lines.push(`  ${member.name}?: ${member.type};`);
  }
  lines.push('}');
  return `${doc ? `${jsDoc(doc)}\n` : ''}${lines.join('\n')}`;
}

/** A shape's interface; a flat API's whole response carries its owner's doc. */
export function emitShapeInterface(shape: Shape, refs: ShapeRefs): string {
  return interfaceText(
    shape.typeName,
    shape.flat ? responseDoc(shape.owner) : undefined,
    shape.object.fields.map((field) => ({
      name: propertyKey(field.name),
      type: fieldType(field, refs),
      doc: docText(field.description),
    })),
  );
}

/**
 * An API's response types: its body under the API's own name (an alias when the shape is named after
 * another API), then the wrapper interface for list and object shapes. The shapes themselves are written
 * by the caller.
 */
export function emitResponseTypes(api: ApiModel, refs: ShapeRefs): string[] {
  const out: string[] = [];
  const body = refs.shapes.of(api.body);
  if (body.typeName !== api.body.typeName) {
    const doc =
      api.shape.kind === 'flat'
        ? `${jsDoc(`${responseDoc(api)} Same fields as ${body.owner.name}'s.`)}\n`
        : '';
    out.push(`${doc}export type ${api.body.typeName} = ${refs.type(body)};`);
  } else if (body.home === undefined) {
    // The API owns a shared shape: the wrapper below names it, so it is imported.
    refs.type(body);
  }
  const name = api.body.typeName;
  switch (api.shape.kind) {
    case 'list':
      out.push(
        interfaceText(api.responseType, responseDoc(api), [
          {
            name: 'count',
            type: 'number',
            doc: 'How many there are in all (CloudStack leaves it out of an empty list).',
          },
          { name: propertyKey(api.shape.itemKey), type: `${name}[]` },
        ]),
      );
      break;
    case 'object':
      out.push(
        interfaceText(api.responseType, responseDoc(api), [{ name: propertyKey(api.shape.key), type: name }]),
      );
      break;
    case 'flat':
      break;
  }
  return out;
}
