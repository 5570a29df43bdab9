// Emitter: the typed function of an API, calling the client (and, for async APIs, waiting for the job).
import { type FunctionDeclarationStructure, StructureKind } from 'ts-morph';
import type { ApiModel } from '../api-model.js';
import { docText, quote } from '../naming.js';

export function emitFunction(api: ApiModel): FunctionDeclarationStructure {
  const anyRequired = api.params.some((param) => param.required);
  const call = api.isAsync ? 'requestAsync' : 'request';
  const docs = [docText(api.description) || api.name];
  if (api.isAsync) docs[0] += '\n\nAsync: waits for the job and resolves to its result.';
  if (api.since) docs[0] += `\n\n@since CloudStack ${api.since}`;
  return {
    kind: StructureKind.Function,
    isExported: true,
    name: api.name,
    docs,
    parameters: [
      { name: 'client', type: 'CloudStackCaller' },
      anyRequired
        ? { name: 'params', type: api.paramsType }
        : { name: 'params', type: api.paramsType, initializer: '{}' },
      {
        name: 'options',
        hasQuestionToken: true,
        type: api.isAsync ? 'CallOptions & WaitOptions' : 'CallOptions',
      },
    ],
    returnType: `Promise<${api.responseType}>`,
    statements: [`return client.${call}<${api.responseType}>(${quote(api.name)}, params, options);`],
  };
}
