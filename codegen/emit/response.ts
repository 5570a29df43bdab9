// Emitter: an API's response interfaces and the builder of its response schema.
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

/** The wrapper's own fields: count and items for lists, or the object under its key. */
function wrapperMembers(api: ApiModel): { properties: Property[]; schema: string[] } {
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
        schema: ['  count: r.number(),', `  ${key}: r.array(${body}Schema),`],
      };
    }
    case 'object': {
      const key = propertyKey(api.shape.key);
      return {
        properties: [{ name: key, hasQuestionToken: true, type: body }],
        schema: [`  ${key}: ${body}Schema,`],
      };
    }
    case 'flat':
      return { properties: [], schema: [] };
  }
}

const ANY_OTHER_KEY = { keyName: 'key', keyType: 'string', returnType: 'unknown' };

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

export function emitResponseTypes(api: ApiModel): InterfaceDeclarationStructure[] {
  const objects = objectsOf(api.body);
  const structures = objects.map((object) =>
    interfaceOf(object, object === api.body && api.shape.kind === 'flat' ? [responseDoc(api)] : []),
  );
  if (api.shape.kind !== 'flat') {
    structures.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: api.responseType,
      docs: [responseDoc(api)],
      properties: wrapperMembers(api).properties,
      indexSignatures: [ANY_OTHER_KEY],
    });
  }
  return structures;
}

function responseDoc(api: ApiModel): string {
  const what = api.isAsync
    ? `The result of ${api.name}'s async job (its \`jobresult\`).`
    : `The answer of ${api.name}, unwrapped.`;
  return what;
}

export function emitResponseSchema(api: ApiModel): FunctionDeclarationStructure {
  const statements = objectsOf(api.body).map((object) => {
    const fields = object.fields.map((field) => `  ${propertyKey(field.name)}: ${fieldSchema(field)},`);
    const shape = fields.length > 0 ? `{\n${fields.join('\n')}\n}` : '{}';
    return object === api.body && api.shape.kind === 'flat'
      ? `return r.object<${object.typeName}>(${shape});`
      : `const ${object.typeName}Schema = r.object<${object.typeName}>(${shape});`;
  });
  if (api.shape.kind !== 'flat') {
    statements.push(`return r.object<${api.responseType}>({\n${wrapperMembers(api).schema.join('\n')}\n});`);
  }
  return {
    kind: StructureKind.Function,
    name: responseBuilderName(api),
    returnType: `z.ZodType<${api.responseType}>`,
    statements,
  };
}
