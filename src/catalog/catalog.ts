// The API catalog at run time: the generated bindings, plus APIs that only the live server knows (a newer
// CloudStack than the bindings), each with its class and a word index for search.
import type { ApiDefinition } from '../cloudstack/binding.js';
import { type ApiClass, classifyApi } from './classify.js';
import { ApiSearchIndex, type SearchHit } from './search.js';
import { suggestNames } from './suggest.js';

export interface CatalogEntry {
  readonly definition: ApiDefinition;
  readonly apiClass: ApiClass;
  /** Where the entry came from: the generated bindings, or only the live server's listApis. */
  readonly source: 'bindings' | 'live';
}

/** Whether the live server's listApis is in the catalog yet, and a way to try reading it again. */
export interface LiveApiStatus {
  readonly complete: boolean;
  /** Why the last attempt failed. */
  readonly lastError: string | undefined;
  /** Reads listApis again unless one was tried moments ago; never throws. */
  refresh(signal?: AbortSignal): Promise<void>;
  /** The first attempt at reading listApis, once started (a server answers initialize before it ends). */
  readonly first?: Promise<void> | undefined;
}

/**
 * Fewer APIs than a root admin's listApis has (614 in 4.15, 705 in 4.18): the embedded simulator implements
 * 227 (issue 14), and the bindings built from it as many. A real CloudStack lists fewer to a role that may
 * call fewer (a person signed in with --auth cloudstack), so the note names both reasons rather than guess.
 * Raise it as the simulator grows, keeping it below what a root admin's listApis lists.
 */
const FEW_APIS = 400;

export type LookupResult = { found: true; entry: CatalogEntry } | { found: false; suggestions: string[] };

export interface SearchOptions {
  limit?: number;
  /** Only the APIs this lets through, e.g. what the server's policy allows (read-only: `apiClass === 'read'`). */
  allow?: (entry: CatalogEntry) => boolean;
}

export class ApiCatalog {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly byLowerName = new Map<string, CatalogEntry[]>();
  private index: ApiSearchIndex | undefined;
  /** Set when the live listApis was asked for; undefined: the bindings are the whole catalog by choice. */
  live: LiveApiStatus | undefined;

  constructor(bindings: Iterable<ApiDefinition>, live: Iterable<ApiDefinition> = []) {
    for (const definition of bindings) this.add(definition, 'bindings');
    for (const definition of live) {
      if (!this.entries.has(definition.name)) this.add(definition, 'live');
    }
  }

  /** A catalog over a generated `apis` record. */
  static fromBindings(apis: Readonly<Record<string, ApiDefinition>>): ApiCatalog {
    return new ApiCatalog(Object.values(apis));
  }

  /** This catalog plus the APIs only the live server knows. */
  withLive(live: Iterable<ApiDefinition>): ApiCatalog {
    const bindings = [...this.entries.values()]
      .filter((entry) => entry.source === 'bindings')
      .map((entry) => entry.definition);
    return new ApiCatalog(bindings, live);
  }

  /** Adds, in place, the APIs only the live server knows (read late: everyone holding this catalog sees them). */
  addLive(live: Iterable<ApiDefinition>): number {
    const before = this.entries.size;
    for (const definition of live) {
      if (!this.entries.has(definition.name)) this.add(definition, 'live');
    }
    return this.entries.size - before;
  }

  /** False while the live listApis was asked for and could not be read yet: an unknown name may exist. */
  get complete(): boolean {
    return this.live?.complete ?? true;
  }

  /**
   * Why this catalog may lack APIs the CloudStack has, for searchApis to say: listApis not read yet, or fewer
   * APIs than any CloudStack lists (the embedded simulator's, or its 47 bindings alone); undefined otherwise.
   */
  get partial(): string | undefined {
    if (!this.complete) {
      return `CloudStack's listApis could not be read yet: only the ${this.size} APIs of the bindings are known`;
    }
    if (this.size >= FEW_APIS) return undefined;
    return this.live
      ? `CloudStack's listApis lists only ${this.size} APIs (all the caller's role may use, or a simulator that implements a subset)`
      : `only the ${this.size} APIs of the bindings are known (listApis not read)`;
  }

  get size(): number {
    return this.entries.size;
  }

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  all(): CatalogEntry[] {
    return [...this.entries.values()];
  }

  /** Exact name, or the one API whose name matches ignoring case. */
  get(name: string): CatalogEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    const sameLetters = this.byLowerName.get(name.toLowerCase());
    return sameLetters?.length === 1 ? sameLetters[0] : undefined;
  }

  lookup(name: string): LookupResult {
    const entry = this.get(name);
    if (entry) return { found: true, entry };
    return { found: false, suggestions: suggestNames(name, this.entries.keys(), 3) };
  }

  search(query: string, options: SearchOptions = {}): (SearchHit & { entry: CatalogEntry })[] {
    this.index ??= new ApiSearchIndex(
      [...this.entries.values()].map((entry) => ({
        name: entry.definition.name,
        description: entry.definition.description,
        paramNames: entry.definition.paramDocs.map((param) => param.name),
      })),
    );
    const { allow } = options;
    const entryOf = (name: string) => this.entries.get(name) as CatalogEntry;
    // Filtered before ranking, so the limit counts only the APIs the caller may see.
    const hits = this.index.search(query, options.limit ?? 10, allow && ((name) => allow(entryOf(name))));
    return hits.map((hit) => ({ ...hit, entry: entryOf(hit.name) }));
  }

  private add(definition: ApiDefinition, source: CatalogEntry['source']): void {
    const entry: CatalogEntry = { definition, apiClass: classifyApi(definition.name).apiClass, source };
    this.entries.set(definition.name, entry);
    const lower = definition.name.toLowerCase();
    this.byLowerName.set(lower, [...(this.byLowerName.get(lower) ?? []), entry]);
    this.index = undefined;
  }
}
