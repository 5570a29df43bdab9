// Emitter: `_runtime.ts`, a copy of codegen/runtime-helpers.ts (the one source of the zod rules) whose
// type import points at src/cloudstack from wherever the output goes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Project } from 'ts-morph';

const HELPERS_TYPES_IMPORT = '../src/cloudstack/binding.js';

/** runtime-helpers.ts: next to this module's folder when run from source, in the package when built. */
function helpersSourcePath(): string {
  const candidates = [
    new URL('../runtime-helpers.ts', import.meta.url),
    new URL('../../../codegen/runtime-helpers.ts', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`codegen: runtime-helpers.ts not found (looked at ${candidates.join(', ')})`);
  return found;
}

export function emitRuntime(project: Project, bindingImport: string, banner: string): string {
  const file = project.createSourceFile('/_runtime.ts', readFileSync(helpersSourcePath(), 'utf8'), {
    overwrite: true,
  });
  const typesImport = file.getImportDeclaration(
    (declaration) => declaration.getModuleSpecifierValue() === HELPERS_TYPES_IMPORT,
  );
  if (!typesImport) throw new Error(`codegen: runtime-helpers.ts no longer imports ${HELPERS_TYPES_IMPORT}`);
  typesImport.setModuleSpecifier(bindingImport);
  return `${banner}\n\n${file.getFullText()}`;
}
