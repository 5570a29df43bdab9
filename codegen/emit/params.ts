// Emitter: an API's parameter type. (Its schema is built at run time from the API's parameter docs, by
// the same type table: src/cloudstack/schema-helpers.ts `define`.)

import type { ApiModel } from '../api-model.js';
import { docText, propertyKey } from '../naming.js';

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
