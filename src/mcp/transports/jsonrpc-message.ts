// One JSON-RPC message as received, checked as the SDK's JSONRPCMessageSchema would check it: shared by the
// stdio and Streamable HTTP transports.
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The message, or undefined when it is not JSON-RPC 2.0 as the SDK defines it (JSONRPCMessageSchema).
 * The everyday request or notification (no `_meta`, nothing beyond jsonrpc/id/method/params) is checked
 * by hand, exactly as the schema would pass it; anything else goes through the schema (a zod parse per
 * message was 2% of the HTTP server's time under load, and the SDK's Protocol parses each message again).
 */
export function jsonRpcMessage(value: unknown): JSONRPCMessage | undefined {
  if (!isPlainObject(value) || value.jsonrpc !== '2.0') return undefined;
  const { id, method, params } = value;
  const plain =
    typeof method === 'string' &&
    (id === undefined || typeof id === 'string' || Number.isSafeInteger(id)) &&
    (params === undefined || (isPlainObject(params) && params._meta === undefined)) &&
    Object.keys(value).every(
      (key) => key === 'jsonrpc' || key === 'id' || key === 'method' || key === 'params',
    );
  if (plain) return value as JSONRPCMessage;
  const parsed = JSONRPCMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
