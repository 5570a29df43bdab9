// The catalog a running server or CLI uses: the generated bindings (when this build has them) plus, when
// asked, the APIs that only the live server's listApis knows (a newer CloudStack than the bindings).
import type { ApiDefinition } from '../cloudstack/binding.js';
import type { CloudStackCaller } from '../cloudstack/types.js';
import { ApiCatalog } from './catalog.js';
import { LiveApiRefresher, type RefreshOptions } from './refresh.js';

/** The generated `apis` record, or none when generated/ has not been built. */
export async function loadBindings(): Promise<Readonly<Record<string, ApiDefinition>>> {
  try {
    // A literal path, so that the bundled command line carries the bindings (and shares its one zod with
    // them) instead of loading them, and zod again, file by file from dist/generated.
    const module = (await import('../../generated/index.js')) as {
      apis?: Readonly<Record<string, ApiDefinition>>;
    };
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
  /** Reads listApis later when it failed now: in the background once started, and on look-ups. */
  refresher?: LiveApiRefresher;
  /**
   * With `wait: false`: the first read of listApis, still running; it resolves (never rejects) once read or
   * failed, and a failure has then started the background attempts when `keepTrying`.
   */
  reading?: Promise<void>;
}

/**
 * The bindings, plus (with `live`) the live listApis. When listApis fails now, the catalog says it is
 * incomplete and reads listApis again on a look-up of an unknown name; `keepTrying` also starts the
 * background attempts (the caller closes `refresher`).
 */
export async function loadCatalog(
  options: {
    caller?: CloudStackCaller;
    live?: boolean;
    signal?: AbortSignal;
    keepTrying?: boolean;
    refresh?: RefreshOptions;
    /**
     * false: return at once with the bindings while listApis is read (`reading`). Look-ups of a name the
     * catalog lacks wait for that read (catalog-tools.ts findApi), and so do searches.
     */
    wait?: boolean;
    /** With `wait: false`: begin reading listApis once this resolves (after `initialize`, for serve). */
    startAfter?: Promise<unknown>;
  } = {},
): Promise<LoadedCatalog> {
  const catalog = ApiCatalog.fromBindings(await loadBindings());
  const bindings = catalog.size;
  if (!options.live || !options.caller) return { catalog, bindings, liveOnly: 0 };
  const refresher = new LiveApiRefresher(catalog, options.caller, options.refresh);
  catalog.live = refresher;
  if (options.wait === false) {
    const reading = Promise.resolve(options.startAfter)
      .then(() => refresher.refresh(options.signal))
      .then(() => {
        if (!refresher.complete && options.keepTrying) refresher.start();
      });
    return { catalog, bindings, liveOnly: 0, refresher, reading };
  }
  await refresher.refresh(options.signal);
  const loaded = { catalog, bindings, liveOnly: catalog.size - bindings, refresher };
  if (refresher.complete) return loaded;
  if (options.keepTrying) refresher.start();
  return { ...loaded, liveError: refresher.lastError ?? 'interrupted' };
}
