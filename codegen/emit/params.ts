// Emitter: an API's parameter type and the builder of its parameter schema.

import { paramHelperArgs } from '../../src/cloudstack/type-map.js';
import type { ApiModel } from '../api-model.js';
import { docText, propertyKey, quote } from '../naming.js';

/** The name of the (module-private) function that builds an API's parameter schema. */
export function paramsBuilderName(api: ApiModel): string {
  return `${api.name}ParamsSchema`;
}

/**
 * `export type ListZonesParams = { ... }`: a type alias, not an interface, so that it is assignable to the
 * client's ApiParams (interfaces get no implicit index signature).
 */
export function emitParamsType(api: ApiModel): string {
  const members = api.params.map((param) => {
    const doc = docText(param.description);
    const comment = doc ? `  /** ${doc} */\n` : '';
    return `${comment}  ${propertyKey(param.name)}${param.required ? '' : '?'}: ${param.rule.ts};`;
  });
  const type = members.length > 0 ? `{\n${members.join('\n')}\n}` : 'Record<string, never>';
  return `/** Parameters of ${api.name}. */\nexport type ${api.paramsType} = ${type};`;
}

export function emitParamsSchema(api: ApiModel): string {
  const fields = api.params.map((param) => {
    const args = [quote(param.name), ...paramHelperArgs(param.rule.helper, param.length)].join(', ');
    const schema = `p.${param.rule.helper}(${args})`;
    return `    ${propertyKey(param.name)}: ${param.required ? schema : `p.optional(${schema})`},`;
  });
  const shape = fields.length > 0 ? `{\n${fields.join('\n')}\n  }` : '{}';
  return [
    `function ${paramsBuilderName(api)}(): z.ZodType<${api.paramsType}> {`,
    `  return p.params<${api.paramsType}>(${quote(api.name)}, ${shape});`,
    '}',
  ].join('\n');
}
