// Where things are, from the compiled benchmark (dist/bench/...) or from source (bench/...).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the repository root above ' + import.meta.url);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot();
export const distRoot = path.join(repoRoot, 'dist');
/** The built CLI, as users run it. */
export const cliPath = path.join(distRoot, 'src', 'cli', 'index.js');
/** Compiled benchmark helpers that run as child processes. */
export const benchDist = path.join(distRoot, 'bench');
/** Read-only test data next to the repository. */
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');

/** Why a built file cannot be used, or undefined when it can: `npm run bench` builds first. */
export function notBuilt(file: string): string | undefined {
  if (!existsSync(file)) return `${path.relative(repoRoot, file)} does not exist: run npm run build`;
  return undefined;
}
