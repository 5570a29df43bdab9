// Finding APIs by words, without a search engine: every API is indexed by the tokens of its name (weighted
// most), its description and its parameter names; a query's tokens (plus a few synonyms people use for
// CloudStack's nouns) are scored by inverse document frequency so that rare words like "snapshot" count more
// than "list".
import { stem, tokenize } from './words.js';

export interface SearchableApi {
  name: string;
  description: string;
  paramNames: readonly string[];
}

export interface SearchHit {
  name: string;
  score: number;
}

// Words people say → the words CloudStack's names use. Applied to the query only.
const synonyms: Readonly<Record<string, readonly string[]>> = {
  instance: ['vm'],
  server: ['vm'],
  disk: ['volume'],
  image: ['template', 'iso'],
  ip: ['address'],
  remove: ['delete', 'destroy'],
  delete: ['destroy', 'remove'],
  destroy: ['delete'],
  create: ['add', 'deploy'],
  deploy: ['create'],
  launch: ['deploy'],
  show: ['list'],
  find: ['list'],
  get: ['list'],
  size: ['offering'],
  flavor: ['service', 'offering'],
  plan: ['offering'],
  key: ['keypair'],
  ssh: ['keypair'],
  dc: ['zone'],
  datacenter: ['zone'],
  region: ['zone'],
  job: ['async'],
  k8s: ['kubernetes'],
  lb: ['load', 'balancer'],
  acl: ['network'],
  user: ['account'],
};

/** CloudStack writes both `VM` and `VirtualMachine`; index each form under both. */
function withAliases(tokens: string[]): Set<string> {
  const set = new Set(tokens);
  if (set.has('vm')) {
    set.add('virtual');
    set.add('machine');
  }
  if (set.has('virtual') && set.has('machine')) set.add('vm');
  return set;
}

interface IndexedApi {
  name: string;
  nameLower: string;
  nameTokens: Set<string>;
  descriptionTokens: Set<string>;
  paramTokens: Set<string>;
}

const NAME_WEIGHT = 3;
const DESCRIPTION_WEIGHT = 1;
const PARAM_WEIGHT = 0.5;
const SYNONYM_FACTOR = 0.5;
const PREFIX_FACTOR = 0.6;

export class ApiSearchIndex {
  private readonly entries: IndexedApi[] = [];
  private readonly documentFrequency = new Map<string, number>();

  constructor(apis: Iterable<SearchableApi>) {
    for (const api of apis) {
      const entry: IndexedApi = {
        name: api.name,
        nameLower: api.name.toLowerCase(),
        nameTokens: withAliases(tokenize(api.name)),
        descriptionTokens: withAliases(tokenize(api.description)),
        paramTokens: new Set(api.paramNames.map((param) => stem(param.toLowerCase()))),
      };
      this.entries.push(entry);
      const seen = new Set([...entry.nameTokens, ...entry.descriptionTokens, ...entry.paramTokens]);
      for (const token of seen) {
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      }
    }
  }

  /** The best `limit` hits among the APIs `accept` lets through (all when it is not given). */
  search(query: string, limit = 10, accept?: (name: string) => boolean): SearchHit[] {
    const weighted = this.queryTokens(query);
    if (weighted.size === 0) return [];
    const queryLower = query.trim().toLowerCase();
    const hits: SearchHit[] = [];
    for (const entry of this.entries) {
      if (accept && !accept(entry.name)) continue;
      let score = 0;
      for (const [token, tokenWeight] of weighted) {
        score += tokenWeight * this.tokenScore(entry, token);
      }
      if (score <= 0) continue;
      if (entry.nameLower === queryLower) score += 100;
      else if (queryLower.length >= 4 && !/\s/.test(queryLower) && entry.nameLower.includes(queryLower))
        score += 5;
      // Among equals: shorter names (listZones before listZonesMetrics), then plain listings.
      score -= entry.nameTokens.size * 0.01;
      if (entry.nameLower.startsWith('list')) score += 0.005;
      hits.push({ name: entry.name, score: Math.round(score * 100) / 100 });
    }
    hits.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    return hits.slice(0, limit);
  }

  private queryTokens(query: string): Map<string, number> {
    const weights = new Map<string, number>();
    const add = (token: string, weight: number) => {
      weights.set(token, Math.max(weights.get(token) ?? 0, weight));
    };
    for (const token of tokenize(query)) {
      add(token, 1);
      for (const synonym of synonyms[token] ?? []) add(stem(synonym), SYNONYM_FACTOR);
    }
    return weights;
  }

  private idf(token: string): number {
    const frequency = this.documentFrequency.get(token) ?? 0;
    return Math.log(1 + this.entries.length / (1 + frequency));
  }

  private tokenScore(entry: IndexedApi, token: string): number {
    let best = this.fieldScore(entry.nameTokens, token) * NAME_WEIGHT;
    best = Math.max(best, this.fieldScore(entry.descriptionTokens, token) * DESCRIPTION_WEIGHT);
    best = Math.max(best, this.fieldScore(entry.paramTokens, token) * PARAM_WEIGHT);
    return best;
  }

  /** Exact token match scores its idf; a prefix match ("snap" → "snapshot") scores less. */
  private fieldScore(tokens: Set<string>, token: string): number {
    if (tokens.has(token)) return this.idf(token);
    if (token.length < 3) return 0;
    let best = 0;
    for (const candidate of tokens) {
      if (candidate.length > token.length && candidate.startsWith(token)) {
        best = Math.max(best, this.idf(candidate) * PREFIX_FACTOR);
      }
    }
    return best;
  }
}
