// The simulator benchmark's baseline: a bare node:http server that answers every request with the same
// bytes the simulator sent for one page, so the comparison isolates the simulator's own work.
import { createServer } from 'node:http';

process.once('message', (message: { body: string; contentType: string }) => {
  const body = Buffer.from(message.body, 'utf8');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': message.contentType, 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
});
process.on('disconnect', () => process.exit(0));
