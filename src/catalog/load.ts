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

export async function loadCatalog(
  options: { caller?: CloudStackCaller; live?: boolean; signal?: AbortSignal } = {},
): Promise<LoadedCatalog> {
  const bindings = await loadBindings();
  const catalog = ApiCatalog.fromBindings(bindings);
  const loaded: LoadedCatalog = { catalog, bindings: catalog.size, liveOnly: 0 };
  if (!options.live || !options.caller) return loaded;
  try {
    const live = await fetchLiveApis(options.caller, options.signal);
    const merged = catalog.withLive(live);
    return { catalog: merged, bindings: catalog.size, liveOnly: merged.size - catalog.size };
  } catch (error) {
    return { ...loaded, liveError: error instanceof Error ? error.message : String(error) };
  }
}
