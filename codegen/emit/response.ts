// Emitter: response interfaces and schema builders. APIs that return the same response class document the
// same fields (deployVirtualMachine, startVirtualMachine, ... all describe a virtual machine), so within a
// file the first API with a body emits its interfaces and a memoised schema builder, and the others alias
// them. That cuts the 4.18.0 output's response code by more than half.
import {
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  StructureKind,
} from 'ts-morph';
import type { ApiModel, FieldModel, ObjectModel } from '../api-model.js';
import { docText, propertyKey } from '../naming.js';

export function responseBuilderName(api: ApiModel): string {
  return `${api.name}ResponseSchema`;
}

/** The memoised builder of a body's schema: `deployVirtualMachineObjectBodySchema`. */
export function bodyBuilderName(owner: ApiModel): string {
  const name = owner.body.typeName;
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}BodySchema`;
}

/** What must be equal for two APIs to share a body: every field's name, description and type. */
export function bodyKey(api: ApiModel): string {
  const strip = (object: ObjectModel): unknown =>
    object.fields.map((field) => [
      field.name,
      field.description,
      field.kind === 'scalar' ? field.rule.helper + field.rule.ts : [field.kind, strip(field.object)],
    ]);
  // A flat body is the response type itself; it is shared only with other flat ones.
  return JSON.stringify([api.shape.kind === 'flat', strip(api.body)]);
}

function fieldType(field: FieldModel): string {
  if (field.kind === 'scalar') return field.rule.ts;
  return field.kind === 'array' ? `${field.object.typeName}[]` : field.object.typeName;
}

function fieldSchema(field: FieldModel): string {
  if (field.kind === 'scalar') return `r.${field.rule.helper}()`;
  const nested = `${field.object.typeName}Schema`;
  return field.kind === 'array' ? `r.array(${nested})` : nested;
}

/** Nested objects first (depth first), so every schema is declared before it is used. */
function objectsOf(object: ObjectModel, out: ObjectModel[] = []): ObjectModel[] {
  for (const field of object.fields) if (field.kind !== 'scalar') objectsOf(field.object, out);
  out.push(object);
  return out;
}

type Property = NonNullable<InterfaceDeclarationStructure['properties']>[number];

const ANY_OTHER_KEY = { keyName: 'key', keyType: 'string', returnType: 'unknown' };

/** The wrapper's own fields: count and items for lists, or the object under its key. */
function wrapperMembers(api: ApiModel, bodySchema: string): { properties: Property[]; schema: string[] } {
  const body = api.body.typeName;
  switch (api.shape.kind) {
    case 'list': {
      const key = propertyKey(api.shape.itemKey);
      return {
        properties: [
          {
            name: 'count',
            hasQuestionToken: true,
            type: 'number',
            docs: ['How many there are in all (CloudStack leaves it out of an empty list).'],
          },
          { name: key, hasQuestionToken: true, type: `${body}[]` },
        ],
        schema: ['  count: r.number(),', `  ${key}: r.array(${bodySchema}),`],
      };
    }
    case 'object': {
      const key = propertyKey(api.shape.key);
      return {
        properties: [{ name: key, hasQuestionToken: true, type: body }],
        schema: [`  ${key}: ${bodySchema},`],
      };
    }
    case 'flat':
      return { properties: [], schema: [] };
  }
}

function responseDoc(api: ApiModel): string {
  return api.isAsync
    ? `The result of ${api.name}'s async job (its \`jobresult\`).`
    : `The answer of ${api.name}, unwrapped.`;
}

function interfaceOf(object: ObjectModel, docs: string[]): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: object.typeName,
    docs,
    properties: object.fields.map((field) => {
      const doc = docText(field.description);
      return {
        name: propertyKey(field.name),
        hasQuestionToken: true,
        type: fieldType(field),
        docs: doc ? [doc] : [],
      };
    }),
    indexSignatures: [ANY_OTHER_KEY],
  };
}

/**
 * An API's response types: its body's interfaces (or, when `owner` is another API with the same body, an
 * alias to the owner's), then the wrapper interface for list and object shapes.
 */
export function emitResponseTypes(
  api: ApiModel,
  owner: ApiModel,
): (InterfaceDeclarationStructure | string)[] {
  const structures: (InterfaceDeclarationStructure | string)[] = [];
  const bodyDocs = api.shape.kind === 'flat' ? [responseDoc(api)] : [];
  if (owner === api) {
    for (const object of objectsOf(api.body)) {
      structures.push(interfaceOf(object, object === api.body ? bodyDocs : []));
    }
  } else {
    const doc = bodyDocs[0] ? `/** ${bodyDocs[0]} Same fields as ${owner.name}'s. */\n` : '';
    structures.push(`${doc}export type ${api.body.typeName} = ${owner.body.typeName};`);
  }
  if (api.shape.kind !== 'flat') {
    structures.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: api.responseType,
      docs: [responseDoc(api)],
      properties: wrapperMembers(api, '').properties,
      indexSignatures: [ANY_OTHER_KEY],
    });
  }
  return structures;
}

/** The owner's memoised body schema builder (nested objects as local constants). */
export function emitBodySchema(owner: ApiModel): string {
  const lines = objectsOf(owner.body).map((object) => {
    const fields = object.fields.map((field) => `    ${propertyKey(field.name)}: ${fieldSchema(field)},`);
    const shape = fields.length > 0 ? `{\n${fields.join('\n')}\n  }` : '{}';
    return object === owner.body
      ? `  return r.object<${object.typeName}>(${shape});`
      : `  const ${object.typeName}Schema = r.object<${object.typeName}>(${shape});`;
  });
  return [
    `const ${bodyBuilderName(owner)} = once((): z.ZodType<${owner.body.typeName}> => {`,
    ...lines,
    '});',
  ].join('\n');
}

export function emitResponseSchema(api: ApiModel, owner: ApiModel): FunctionDeclarationStructure {
  const body = `${bodyBuilderName(owner)}()`;
  const statement =
    api.shape.kind === 'flat'
      ? `return ${body};`
      : `return r.object<${api.responseType}>({\n${wrapperMembers(api, body).schema.join('\n')}\n});`;
  return {
    kind: StructureKind.Function,
    name: responseBuilderName(api),
    returnType: `z.ZodType<${api.responseType}>`,
    statements: [statement],
  };
}
