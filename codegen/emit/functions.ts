// Emitter: the typed function of an API, made by the factory that calls the client (and, for async APIs,
// waits for the job): src/cloudstack/api-function.ts. One call with its types given is cheaper for the
// compiler than a function with a body.
import type { ApiModel } from '../api-model.js';
import { docText, jsDoc, quote } from '../naming.js';

/** The factory of an API's function: async or not, and whether `params` may be left out. */
export function functionFactory(api: ApiModel): string {
  const optional = !api.params.some((param) => param.required);
  return `${api.isAsync ? 'requestAsync' : 'request'}${optional ? 'Optional' : ''}`;
}

export function emitFunction(api: ApiModel): string {
  let doc = docText(api.description) || api.name;
  if (api.isAsync) doc += '\n\nAsync: waits for the job and resolves to its result.';
  if (api.since) doc += `\n\n@since CloudStack ${api.since}`;
  return [
    jsDoc(doc),
    `export const ${api.name} = ${functionFactory(api)}<${api.paramsType}, ${api.responseType}>(${quote(api.name)});`,
  ].join('\n');
}
