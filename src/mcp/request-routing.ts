// Requests go straight to the SDK's request handling. Protocol.connect routes each incoming message by
// trying the response schemas first (isJSONRPCResultResponse, then isJSONRPCErrorResponse: zod safeParse,
// which builds a ZodError for every miss) and the request schema only then, so every request costs two
// failed parses before it is handled: 15-20 µs of the server's CPU per tools/call on serve over stdio
// (builds with and without this, alternating). Our transports hand over only messages already checked as JSON-RPC 2.0
// (transports/jsonrpc-message.ts), so one with `method` and `id` and neither `result` nor `error` is a
// request, which is what the SDK would find too; it goes to Protocol's own request handler, and every
// other message through the SDK's routing as before. The handler is internal to the SDK: where it is
// missing (another SDK version), nothing is changed and the SDK routes everything.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

type RequestHandling = (request: JSONRPCRequest, extra?: MessageExtraInfo) => void;

function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message && !('result' in message) && !('error' in message);
}

/**
 * Wraps the routing `server.connect` installed on `transport`: requests to the server's request handling,
 * the rest to the SDK's routing. Does nothing when the server has no such handling.
 */
export function routeRequestsDirectly(server: object, transport: Transport): void {
  const handling = (server as { _onrequest?: unknown })._onrequest;
  const routing = transport.onmessage;
  if (typeof handling !== 'function' || !routing) return;
  transport.onmessage = (message, extra) => {
    if (isRequest(message)) (handling as RequestHandling).call(server, message, extra);
    else routing(message, extra);
  };
}

/** The SDK's Server whose connections route requests directly (when the transport had no handler before). */
export class DirectRoutingServer extends Server {
  override async connect(transport: Transport): Promise<void> {
    // The SDK passes every message to a handler the transport already had; keep that path for such a one.
    const hadHandler = transport.onmessage !== undefined;
    await super.connect(transport);
    if (!hadHandler) routeRequestsDirectly(this, transport);
  }
}
