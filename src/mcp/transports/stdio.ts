// stdio: the protocol owns stdout; logs go to stderr. Resolves when the client closes the stream.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CreatedServer } from '../server.js';

export async function runStdioTransport(created: CreatedServer): Promise<void> {
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await created.server.connect(transport);
  await closed;
  await created.close().catch(() => {});
}
