// The typed functions of the generated bindings (`listZones(client, params)`), each made by a factory
// instead of written out with a body: the compiler then reads one call per API, with its types given, and
// checks no body (relating 700 parameter types to the client's ApiParams took a tenth of a type-check).
// The factories' return types are written out so that editors show each function's full signature.
import type { ApiParams, CallOptions, CloudStackCaller, WaitOptions } from './types.js';

/** An API with a required parameter: `client.request(command, params, options)`. */
export function request<P, R>(
  command: string,
): (client: CloudStackCaller, params: P, options?: CallOptions) => Promise<R> {
  return (client, params, options) => client.request<R>(command, params as ApiParams, options);
}

/** An API whose parameters are all optional: `params` defaults to `{}`. */
export function requestOptional<P, R>(
  command: string,
): (client: CloudStackCaller, params?: P, options?: CallOptions) => Promise<R> {
  return (client, params, options) => client.request<R>(command, (params ?? {}) as ApiParams, options);
}

/** An async API with a required parameter: waits for the job and resolves to its result. */
export function requestAsync<P, R>(
  command: string,
): (client: CloudStackCaller, params: P, options?: CallOptions & WaitOptions) => Promise<R> {
  return (client, params, options) => client.requestAsync<R>(command, params as ApiParams, options);
}

/** An async API whose parameters are all optional: waits for the job and resolves to its result. */
export function requestAsyncOptional<P, R>(
  command: string,
): (client: CloudStackCaller, params?: P, options?: CallOptions & WaitOptions) => Promise<R> {
  return (client, params, options) => client.requestAsync<R>(command, (params ?? {}) as ApiParams, options);
}
