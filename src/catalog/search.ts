// Finding APIs by words, without a search engine: every API is indexed by the tokens of its name (weighted
// most), its description and its parameter names; a query's tokens (plus a few synonyms people use for
// CloudStack's nouns) are scored by inverse document frequency so that rare words like "snapshot" count more
// than "list", and a verb people use (add, remove, kill, show: the `verbs` table) favours the APIs whose
// name starts with the CloudStack verb it means.
import { splitCamel, stem, tokenize } from './words.js';

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
  // "open a port": a firewall rule, or a port forwarding rule.
  open: ['firewall', 'port', 'forwarding'],
  port: ['firewall', 'forwarding'],
};

// Verbs people say → the verbs CloudStack's API names start with, the likelier first. A query's verb ranks
// the APIs of that verb first among those that match its other words: "add a firewall rule" puts
// createFirewallRule before listFirewallRules, "kill vm" destroyVirtualMachine before listVirtualMachines.
const verbs: Readonly<Record<string, readonly string[]>> = {
  add: ['create', 'add', 'associate', 'attach'],
  create: ['create', 'add', 'deploy', 'register'],
  make: ['create', 'add', 'deploy'],
  new: ['create', 'add', 'deploy'],
  deploy: ['deploy', 'create'],
  launch: ['deploy', 'start'],
  open: ['create', 'authorize'],
  allow: ['create', 'authorize'],
  remove: ['delete', 'remove', 'destroy'],
  delete: ['destroy', 'delete', 'remove'],
  drop: ['delete', 'remove'],
  destroy: ['destroy', 'delete'],
  kill: ['destroy', 'stop'],
  terminate: ['destroy', 'expunge'],
  close: ['delete', 'revoke'],
  list: ['list'],
  show: ['list', 'get'],
  get: ['list', 'get'],
  find: ['list', 'get'],
  view: ['list', 'get'],
  start: ['start'],
  boot: ['start'],
  stop: ['stop'],
  shutdown: ['stop'],
  halt: ['stop'],
  reboot: ['reboot', 'restart'],
  restart: ['restart', 'reboot'],
  update: ['update'],
  change: ['update', 'change', 'scale'],
  modify: ['update'],
  edit: ['update'],
  rename: ['update'],
  set: ['update'],
  resize: ['resize', 'scale'],
  grow: ['resize', 'scale'],
  scale: ['scale'],
  attach: ['attach'],
  mount: ['attach'],
  detach: ['detach'],
  unmount: ['detach'],
  upload: ['upload', 'register'],
  import: ['import', 'register'],
  register: ['register'],
  copy: ['copy'],
  clone: ['clone', 'copy'],
  migrate: ['migrate'],
  move: ['migrate', 'move'],
  reset: ['reset'],
  recover: ['recover', 'restore'],
  restore: ['restore', 'revert', 'recover'],
  revert: ['revert'],
  enable: ['enable'],
  disable: ['disable'],
  assign: ['assign', 'associate'],
  release: ['release', 'disassociate'],
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
  /** The first word of the name: CloudStack's verb (create, list, ...). */
  verb: string;
  nameTokens: Set<string>;
  descriptionTokens: Set<string>;
  paramTokens: Set<string>;
}

const NAME_WEIGHT = 3;
const DESCRIPTION_WEIGHT = 1;
const PARAM_WEIGHT = 0.5;
const SYNONYM_FACTOR = 0.5;
const PREFIX_FACTOR = 0.6;
/**
 * An API whose name starts with the verb the query means scores as a name match of that verb; the later
 * verbs of its `verbs` list this much less each.
 */
const VERB_STEP = 0.15;

export class ApiSearchIndex {
  private readonly entries: IndexedApi[] = [];
  private readonly documentFrequency = new Map<string, number>();

  constructor(apis: Iterable<SearchableApi>) {
    for (const api of apis) {
      const entry: IndexedApi = {
        name: api.name,
        nameLower: api.name.toLowerCase(),
        verb: splitCamel(api.name)[0] ?? '',
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
    const { weighted, verbBonus } = this.queryTokens(query);
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
      score += verbBonus.get(entry.verb) ?? 0;
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

  /**
   * The query's words to score, and what each CloudStack verb earns. A verb word ("add", "kill") is not
   * matched as a word of names or descriptions when the query has other words: "open a port" is not about
   * OpenDaylight, "add a firewall rule" not about addPaloAltoFirewall.
   */
  private queryTokens(query: string): { weighted: Map<string, number>; verbBonus: Map<string, number> } {
    const weights = new Map<string, number>();
    const verbBonus = new Map<string, number>();
    const add = (token: string, weight: number) => {
      weights.set(token, Math.max(weights.get(token) ?? 0, weight));
    };
    const tokens = tokenize(query);
    const nouns = tokens.filter((token) => !Object.hasOwn(verbs, token));
    for (const token of tokens) {
      const isVerb = Object.hasOwn(verbs, token);
      if (isVerb) {
        const meant = verbs[token] ?? [];
        // A rare verb (resize, attach) says more than a common one (create, list), as words do.
        const full = this.idf(meant[0] ?? token) * NAME_WEIGHT;
        meant.forEach((verb, index) => {
          const bonus = full * (1 - index * VERB_STEP);
          if (bonus > (verbBonus.get(verb) ?? 0)) verbBonus.set(verb, bonus);
        });
      }
      if (!isVerb || nouns.length === 0) add(token, 1);
      if (Object.hasOwn(synonyms, token)) {
        for (const synonym of synonyms[token] ?? []) add(stem(synonym), SYNONYM_FACTOR);
      }
    }
    return { weighted: weights, verbBonus };
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
