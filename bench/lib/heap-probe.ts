// Preloaded into a server under benchmark (`node --expose-gc --import <this file> dist/src/cli/index.js
// serve ...`, forked with an IPC channel): answers {type: 'memory'} with heapUsed after full collections
// and the RSS, so a section can read the real server's heap without changing the server.
const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'memory') return;
  for (let i = 0; i < 3; i++) gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ type: 'memory', heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 });
});
// The channel must not keep a server alive that would otherwise exit (stdio at end of input).
process.channel?.unref();
