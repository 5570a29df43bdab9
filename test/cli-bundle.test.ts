// The bundled command line (scripts/bundle.mjs): what `serve` loads before it answers initialize. Start-up was
// mostly Node loading code; the simulator, codegen, the HTTP transport and axios are loaded only when a run
// uses them (--simulator, codegen, --transport http, a proxy in the environment). Read from the bundle's
// metafile, which `npm run build` writes next to dist/.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Metafile {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}

const META = 'dist/bundle-meta.json';

/** Every input loaded by `output` and what it imports statically (import statements, not import()). */
function staticInputs(meta: Metafile, output: string): Set<string> {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const entry = meta.outputs[file];
    if (!entry) return;
    for (const input of Object.keys(entry.inputs)) inputs.add(input);
    for (const edge of entry.imports)
      if (edge.kind === 'import-statement' && !edge.external) visit(edge.path);
  };
  visit(output);
  return inputs;
}

describe('the bundled command line', () => {
  it('starts `serve` without loading the simulator, codegen, the HTTP transport or axios', () => {
    if (!existsSync(META)) throw new Error(`${META} is missing: run npm run build`);
    const meta = JSON.parse(readFileSync(META, 'utf8')) as Metafile;
    const outputs = Object.keys(meta.outputs).filter((file) => file.endsWith('.js'));
    const holding = (input: string) => outputs.find((file) => input in (meta.outputs[file]?.inputs ?? {}));
    const serveChunk = holding('src/cli/serve.ts');
    expect(serveChunk).toBeDefined();
    const loaded = [
      ...staticInputs(meta, 'dist/src/cli/index.js'),
      ...staticInputs(meta, serveChunk as string),
    ];
    expect(loaded).toContain('src/mcp/server.ts');
    // The bindings are inside the bundle (imported when the catalog loads), not read file by file.
    expect(outputs.some((file) => bundles(meta, file, 'generated/apis/'))).toBe(true);
    const heavy = [
      'src/simulator/',
      'codegen/',
      'src/mcp/transports/http.ts',
      'src/mcp/transports/streamable-http.ts',
      'node_modules/axios/',
    ];
    for (const prefix of heavy) {
      // Each is in the bundle, for the runs that use it...
      expect(
        outputs.some((file) => bundles(meta, file, prefix)),
        prefix,
      ).toBe(true);
      // ...and not among what serve loads before it needs it.
      expect(
        loaded.filter((input) => input.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    }
  });
});

function bundles(meta: Metafile, file: string, prefix: string): boolean {
  return Object.keys(meta.outputs[file]?.inputs ?? {}).some((input) => input.startsWith(prefix));
}
