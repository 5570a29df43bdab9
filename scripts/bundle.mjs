// The command line as one bundled entry, written over tsc's dist/src/cli/index.js after `tsc` (npm run build).
// Node's module loader (resolving and compiling hundreds of files of ours, the SDK's, zod's, yargs' and
// axios') was most of the start-up time; one file with its dependencies inside loads in a fraction of it.
// Commands stay imported on demand (src/cli/index.ts): with `splitting`, each dynamic import becomes a chunk
// next to the entry, so `serve` does not load codegen nor, without --simulator, the simulator.
// The chunks sit in dist/src/cli/ like the files tsc wrote there, so paths read relative to
// `import.meta.url` (the package.json above, for the version) resolve the same.
// The library (`exports`: dist/src/index.js, dist/generated, dist/src/simulator) stays tsc's output.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'src', 'cli');
const CHUNK_PREFIX = 'chunk-';

// Chunks of an earlier build carry other hashes: remove them so the folder holds only this build's.
for (const name of readdirSync(outdir, { withFileTypes: true })) {
  if (name.isFile() && name.name.startsWith(CHUNK_PREFIX)) rmSync(path.join(outdir, name.name));
}

const result = await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/cli/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: `${CHUNK_PREFIX}[hash]`,
  // Source maps for stack traces under `node --enable-source-maps` (or NODE_OPTIONS); without sources
  // inside, they stay small: the sources ship next to them in dist/src.
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies (axios' form-data, yargs' helpers) call require() for Node's modules, which an ES
  // module does not have: give each output file one.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});
// What each output file holds and imports, for test/cli-bundle.test.ts (not shipped: package.json files).
writeFileSync(path.join(root, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile));
