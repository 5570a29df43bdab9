// Model stage: the normalised dump turned into what the emitters print: names of every type, the type rule
// of every parameter and response field, the response shape, the docs the registry carries, and the
// unknown types found on the way.
import type { DumpApi, DumpResponseField, NormalisedDump } from '../src/cloudstack/listapis.js';
import { type ResponseShape, responseShape } from '../src/cloudstack/response-shape.js';
import {
  isListType,
  type ParamTypeRule,
  paramTypeRule,
  type ResponseTypeRule,
  responseTypeRule,
} from '../src/cloudstack/type-map.js';
import type { UnknownType } from './model.js';
import { groupOf, NameRegistry, pascal } from './naming.js';

export interface ParamModel {
  name: string;
  description: string;
  required: boolean;
  rule: ParamTypeRule;
  length: number | undefined;
}

/** A response object (the item of a list API, a wrapped object, or a nested one) with its type name. */
export interface ObjectModel {
  typeName: string;
  fields: FieldModel[];
}

export type FieldModel =
  | { name: string; description: string; kind: 'scalar'; rule: ResponseTypeRule }
  | { name: string; description: string; kind: 'object' | 'array'; object: ObjectModel };

export interface ApiModel {
  name: string;
  group: string;
  isAsync: boolean;
  since: string | undefined;
  description: string;
  related: string[];
  paramsType: string;
  responseType: string;
  params: ParamModel[];
  shape: ResponseShape;
  /** The documented object: the list item, the wrapped object, or (flat) the response itself. */
  body: ObjectModel;
  /** The dump's entry: the registry prints its docs (`paramDocsOf`, `responseDocsOf`) when it needs them. */
  source: DumpApi;
}

export interface BindingsModel {
  apis: ApiModel[];
  unknownTypes: UnknownType[];
  paramCount: number;
}

function bodyTypeSuffix(shape: ResponseShape): string {
  return shape.kind === 'list' ? 'Item' : shape.kind === 'object' ? 'Object' : 'Response';
}

/** Type names index.ts exports besides the model's (the helpers' MapParam and Scalar, ApiName). */
export const RESERVED_NAMES: readonly string[] = ['MapParam', 'Scalar', 'ApiName'];

/** Builds the emitters' model. Names are unique across the whole output (index.ts re-exports all). */
export function buildModel(dump: NormalisedDump): BindingsModel {
  const unknownTypes: UnknownType[] = [];
  const names = new NameRegistry(RESERVED_NAMES);
  // Reserve every API's own names before any nested name is handed out, so they never shift.
  const topNames = dump.api.map((api) => {
    const base = pascal(api.name);
    const shape = responseShape(
      api.name,
      api.response.map((field) => field.name),
    );
    return {
      shape,
      paramsType: names.take(`${base}Params`),
      responseType: names.take(`${base}Response`),
      bodyType: shape.kind === 'flat' ? undefined : names.take(`${base}${bodyTypeSuffix(shape)}`),
    };
  });

  const objectOf = (
    api: string,
    typeName: string,
    fields: readonly DumpResponseField[],
    path: string,
  ): ObjectModel => ({
    typeName,
    fields: fields.map((field): FieldModel => {
      const where = path ? `${path}.${field.name}` : field.name;
      if (field.response) {
        const nested = objectOf(api, names.take(`${typeName}${pascal(field.name)}`), field.response, where);
        return {
          name: field.name,
          description: field.description,
          kind: isListType(field.type) ? 'array' : 'object',
          object: nested,
        };
      }
      const { rule, known } = responseTypeRule(field.type);
      if (!known) unknownTypes.push({ api, where: 'response', name: where, type: field.type });
      return { name: field.name, description: field.description, kind: 'scalar', rule };
    }),
  });

  let paramCount = 0;
  const apis = dump.api.map((api, index): ApiModel => {
    const top = topNames[index] as (typeof topNames)[number];
    const params = api.params.map((param): ParamModel => {
      const { rule, known } = paramTypeRule(param.type);
      if (!known) unknownTypes.push({ api: api.name, where: 'param', name: param.name, type: param.type });
      return {
        name: param.name,
        description: param.description,
        required: param.required,
        rule,
        length: param.length,
      };
    });
    paramCount += params.length;
    return {
      name: api.name,
      group: groupOf(api.name),
      isAsync: api.isasync,
      since: api.since,
      description: api.description,
      related: api.related ? api.related.split(',') : [],
      paramsType: top.paramsType,
      responseType: top.responseType,
      params,
      shape: top.shape,
      body: objectOf(api.name, top.bodyType ?? top.responseType, api.response, ''),
      source: api,
    };
  });
  return { apis, unknownTypes, paramCount };
}
