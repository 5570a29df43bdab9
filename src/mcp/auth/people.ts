// Per person (the OAuth mode): one CloudStack client signing with the person's keys, and one catalog made
// of the person's own listApis (CloudStack lists what their role allows; `check`), kept while active, so every session and request of theirs
// shares them. A person is keyed by user id and API key: new keys (re-registered) make a new client.
import { ApiCatalog } from '../../catalog/catalog.js';
import { fetchLiveApis } from '../../catalog/live.js';
import { LiveApiRefresher } from '../../catalog/refresh.js';
import type { ApiDefinition } from '../../cloudstack/binding.js';
import type { CloudStackClient } from '../../cloudstack/client.js';
import { createLogger, type Logger, type LogLevel } from '../logger.js';
import { type Person, type PersonClientOptions, personClient, personLabel } from './person.js';

interface Entry {
  client: CloudStackClient;
  catalog: ApiCatalog;
  refresher: LiveApiRefresher | undefined;
  /** The catalog is the person's listApis: what their role allows, and nothing else. */
  listed: boolean;
  logger: Logger;
  lastUsed: number;
}

/** Longer than a used session's idle expiry (30 min), so no session outlives its person's client. */
const IDLE_MS = 2 * 60 * 60_000;

export interface PeopleOptions extends PersonClientOptions {
  /** The generated bindings (loadBindings), read once at start. */
  bindings: Readonly<Record<string, ApiDefinition>>;
  liveApis: boolean;
  logLevel: LogLevel;
  /** Secrets every log line masks (besides the person's keys). */
  secrets: readonly (string | undefined)[];
  now?: () => number;
}

/** A logger that names the CloudStack user on every line and masks their keys. */
function personLogger(person: Person, options: PeopleOptions): Logger {
  const inner = createLogger({ level: options.logLevel, secrets: [...options.secrets, person.k, person.s] });
  const user = personLabel(person);
  const add = (fields?: Record<string, unknown>) => ({ user, ...fields });
  return {
    debug: (message, fields) => inner.debug(message, add(fields)),
    info: (message, fields) => inner.info(message, add(fields)),
    warn: (message, fields) => inner.warn(message, add(fields)),
    error: (message, fields) => inner.error(message, add(fields)),
  };
}

export class People {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: PeopleOptions) {
    this.now = options.now ?? Date.now;
  }

  private entry(person: Person): Entry {
    const key = `${person.u}/${person.k}`;
    const at = this.now();
    let entry = this.entries.get(key);
    if (!entry) {
      this.sweep(at);
      const client = personClient(person, this.options);
      const catalog = ApiCatalog.fromBindings(this.options.bindings);
      let refresher: LiveApiRefresher | undefined;
      if (this.options.liveApis) {
        // Until `check` has read the person's listApis: the bindings, with listApis read in the
        // background (look-ups of a name the bindings lack wait for it, as in load.ts with wait: false).
        refresher = new LiveApiRefresher(catalog, client);
        catalog.live = refresher;
        void refresher.refresh().catch(() => {});
      }
      entry = {
        client,
        catalog,
        refresher,
        listed: false,
        logger: personLogger(person, this.options),
        lastUsed: at,
      };
      this.entries.set(key, entry);
    }
    entry.lastUsed = at;
    return entry;
  }

  client(person: Person): CloudStackClient {
    return this.entry(person).client;
  }

  catalog(person: Person): ApiCatalog {
    return this.entry(person).catalog;
  }

  logger(person: Person): Logger {
    return this.entry(person).logger;
  }

  /**
   * Asks CloudStack whether it still takes the person's keys (rejects with its error, e.g. 401), and on
   * the first success builds the person's catalog from their listApis (CloudStack filters it by role):
   * the bindings of the APIs listed, plus those only the live server knows. Later checks: listCapabilities.
   */
  async check(person: Person): Promise<void> {
    const entry = this.entry(person);
    if (!this.options.liveApis || entry.listed) {
      await entry.client.request('listCapabilities');
      return;
    }
    const live = await fetchLiveApis(entry.client);
    const names = new Set(live.map((definition) => definition.name));
    const bindings = Object.values(this.options.bindings).filter((definition) => names.has(definition.name));
    const catalog = new ApiCatalog(bindings, live);
    catalog.live = { complete: true, lastError: undefined, refresh: async () => {} };
    entry.refresher?.close();
    entry.refresher = undefined;
    entry.catalog = catalog;
    entry.listed = true;
  }

  private sweep(at: number): void {
    for (const [key, entry] of this.entries) {
      if (at - entry.lastUsed > IDLE_MS) {
        this.entries.delete(key);
        entry.refresher?.close();
        void entry.client.close().catch(() => {});
      }
    }
  }

  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.refresher?.close();
    await Promise.all(entries.map((entry) => entry.client.close().catch(() => {})));
  }
}
