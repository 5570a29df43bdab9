// The catalog a running server or CLI uses: the generated bindings (when this build has them) plus, when
// asked, the APIs that only the live server's listApis knows (a newer CloudStack than the bindings).
import type { ApiDefinition } from '../cloudstack/binding.js';
import type { CloudStackCaller } from '../cloudstack/types.js';
import { ApiCatalog } from './catalog.js';
import { fetchLiveApis } from './live.js';

/** The generated `apis` record, or none when generated/ has not been built. */
export async function loadBindings(): Promise<Readonly<Record<string, ApiDefinition>>> {
  const specifier = '../../generated/index.js';
  try {
    const module = (await import(specifier)) as { apis?: Readonly<Record<string, ApiDefinition>> };
    return module.apis ?? {};
  } catch {
    return {};
  }
}

export interface LoadedCatalog {
  catalog: ApiCatalog;
  bindings: number;
  /** APIs added from the live listApis. */
  liveOnly: number;
  /** Why the live listApis could not be read, when it was asked for and failed. */
  liveError?: string;
}

/**
 * Fewer APIs than any CloudStack's listApis has: a root admin's lists ~700 in 4.18, the embedded simulator
 * implements ~50 (the bindings built from it, 47).
 */
const FEW_APIS = 200;

/** Why `catalog` may lack APIs, from what loadCatalog knows: whether listApis was read, and its size. */
function partialReason(catalog: ApiCatalog, live: 'read' | 'failed' | 'not asked'): string | undefined {
  if (live === 'failed')
    return `CloudStack's listApis could not be read: only the ${catalog.size} APIs of the bindings are known`;
  if (catalog.size >= FEW_APIS) return undefined;
  return live === 'read'
    ? `CloudStack's listApis lists only ${catalog.size} APIs (the embedded simulator implements a subset)`
    : `only the ${catalog.size} APIs of the bindings are known (listApis not read)`;
}

export async function loadCatalog(
  options: { caller?: CloudStackCaller; live?: boolean; signal?: AbortSignal } = {},
): Promise<LoadedCatalog> {
  const bindings = await loadBindings();
  const catalog = ApiCatalog.fromBindings(bindings);
  const loaded: LoadedCatalog = { catalog, bindings: catalog.size, liveOnly: 0 };
  if (!options.live || !options.caller) {
    catalog.partial = partialReason(catalog, 'not asked');
    return loaded;
  }
  try {
    const live = await fetchLiveApis(options.caller, options.signal);
    const merged = catalog.withLive(live);
    merged.partial = partialReason(merged, 'read');
    return { catalog: merged, bindings: catalog.size, liveOnly: merged.size - catalog.size };
  } catch (error) {
    catalog.partial = partialReason(catalog, 'failed');
    return { ...loaded, liveError: error instanceof Error ? error.message : String(error) };
  }
}
