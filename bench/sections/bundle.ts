// The Claude Desktop bundle's size: `npm run bundle`'s .mcpb (scripts/mcpb.ts, run as a child through tsx
// into a temporary folder) against what the build leaves in dist/, and against what a bundle of tsc's
// output would have to carry instead (dist/ plus the production dependencies in node_modules).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { distRoot, notBuilt, repoRoot } from '../lib/paths.js';
import type { Section } from '../section.js';

const run = promisify(execFile);
const META = path.join(distRoot, 'bundle-meta.json');

/** Bytes and files under `dir`, leaving out what `skip` names. */
function sizeOf(
  dir: string,
  skip: (file: string) => boolean = () => false,
): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || skip(file)) continue;
    bytes += statSync(file).size;
    files++;
  }
  return { bytes, files };
}

/** The production dependencies' folders (npm's own list: dependencies and theirs, no devDependencies). */
async function productionModules(): Promise<string[]> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && path.resolve(line) !== repoRoot);
}

const MB = (bytes: number) => bytes / 1024 / 1024;

export const bundleSection: Section = {
  name: 'bundle',
  title: 'Claude Desktop bundle',
  method: [
    '`tsx scripts/mcpb.ts --out-dir <temp> --json` (what `npm run bundle` runs after the build) writes the ' +
      '.mcpb: the esbuild command line (scripts/bundle.mjs, its dependencies inside), a package.json and the ' +
      'manifest, zipped by @anthropic-ai/mcpb. Baselines: every file the build leaves in dist/ (tsc output, ' +
      'declarations, source maps, the bundle, the benchmark) and, for the unpacked size, dist/ plus the ' +
      'production dependencies (`npm ls --omit=dev --all`), what a bundle of tsc output would carry.',
  ],
  missing: () => notBuilt(META),
  async run({ log }) {
    const out = mkdtempSync(path.join(tmpdir(), 'cloudstack-mcp-bench-bundle-'));
    try {
      const { stdout } = await run(
        path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
        [path.join(repoRoot, 'scripts', 'mcpb.ts'), '--out-dir', out, '--json'],
        { cwd: repoRoot },
      );
      const built = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        file: string;
        bytes: number;
        files: number;
        unpackedBytes: number;
      };
      log(`${path.basename(built.file)}: ${built.bytes} bytes, ${built.files} files`);
      const dist = sizeOf(distRoot, (file) => file.endsWith('.mcpb'));
      let modules = { bytes: 0, files: 0 };
      for (const dir of await productionModules()) {
        // A package's own folder, without the packages nested in it (listed on their own).
        const own = sizeOf(dir, (file) => path.relative(dir, file).split(path.sep).includes('node_modules'));
        modules = { bytes: modules.bytes + own.bytes, files: modules.files + own.files };
      }
      return [
        {
          metric: '.mcpb file (zipped)',
          value: MB(built.bytes),
          unit: 'MB',
          baseline: { label: 'dist/ after npm run build', value: MB(dist.bytes) },
        },
        {
          metric: '.mcpb unpacked',
          value: MB(built.unpackedBytes),
          unit: 'MB',
          baseline: { label: 'dist/ + production node_modules', value: MB(dist.bytes + modules.bytes) },
        },
        {
          metric: 'files in the .mcpb',
          value: built.files,
          unit: 'count',
          baseline: { label: 'files in dist/ + production node_modules', value: dist.files + modules.files },
        },
      ];
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
