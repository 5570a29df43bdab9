// Emitter: the typed function of an API, calling the client (and, for async APIs, waiting for the job).
import type { ApiModel } from '../api-model.js';
import { docText, jsDoc, quote } from '../naming.js';

export function emitFunction(api: ApiModel): string {
  const anyRequired = api.params.some((param) => param.required);
  const call = api.isAsync ? 'requestAsync' : 'request';
  let doc = docText(api.description) || api.name;
  if (api.isAsync) doc += '\n\nAsync: waits for the job and resolves to its result.';
  if (api.since) doc += `\n\n@since CloudStack ${api.since}`;
  const params = [
    'client: CloudStackCaller',
    `params: ${api.paramsType}${anyRequired ? '' : ' = {}'}`,
    `options?: ${api.isAsync ? 'CallOptions & WaitOptions' : 'CallOptions'}`,
  ];
  return [
    jsDoc(doc),
    `export function ${api.name}(${params.join(', ')}): Promise<${api.responseType}> {`,
    `  return client.${call}<${api.responseType}>(${quote(api.name)}, params, options);`,
    '}',
  ].join('\n');
}
