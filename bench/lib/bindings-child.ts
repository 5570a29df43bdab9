// Start-up cost of generated bindings, in a fresh process: import them (schemas are built on first use),
// then touch every API's params and response schema, as a server that built everything at start would.
// argv[2]: the compiled bindings' index.js, or "zod" to import only zod (the floor any bindings pay).
import { pathToFileURL } from 'node:url';

interface Definition {
  params: unknown;
  response: unknown;
}

const target = process.argv[2] ?? 'zod';
const started = performance.now();
const loaded = (await import(target === 'zod' ? 'zod' : pathToFileURL(target).href)) as {
  apis?: Record<string, Definition>;
};
const importMs = performance.now() - started;
const heapAfterImportMb = process.memoryUsage().heapUsed / 2 ** 20;
let buildMs = 0;
let apis = 0;
if (loaded.apis) {
  const buildStarted = performance.now();
  for (const definition of Object.values(loaded.apis)) {
    if (!definition.params || !definition.response) throw new Error('an API without schemas');
    apis++;
  }
  buildMs = performance.now() - buildStarted;
}
process.send?.(
  { importMs, buildMs, apis, heapAfterImportMb, heapAfterBuildMb: process.memoryUsage().heapUsed / 2 ** 20 },
  () => process.exit(0),
);
