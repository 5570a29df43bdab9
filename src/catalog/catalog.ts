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
  /**
   * Why this catalog may lack APIs the CloudStack has (set by loadCatalog: listApis not read, or only the
   * few APIs of the embedded simulator); undefined when it is CloudStack's own list, or the caller's choice.
   */
  partial: string | undefined;

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
