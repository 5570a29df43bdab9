// The embedded CloudStack simulator: a CloudStack API endpoint in process or on a port, for demos, the
// project's end-to-end tests and users' own automation tests (what moto is to AWS). See docs/simulator.md.
import { loadApiDump } from './catalog/catalog.js';
import { SimulatorEngine } from './engine.js';
import type { Faults } from './faults.js';
import type { SimulatorFront } from './http/front.js';
import { listen } from './http/server.js';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ADVANCED_ZONE_NAME,
  type AdminKeys,
  BASIC_ZONE_NAME,
  DEFAULT_OFFERING_NAME,
  DEFAULT_TEMPLATE_NAME,
} from './state/seed.js';
import type { SeededTeam } from './state/seed-team.js';

export type { Faults } from './faults.js';
export { DEFAULT_FAULTS } from './faults.js';
export type { SimulatorFront } from './http/front.js';
export { openFront } from './http/front.js';
export type { AdminKeys } from './state/seed.js';
export type { SeededTeam, TeamMember } from './state/seed-team.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A full listApis dump (e.g. CloudStack 4.18's) to know and validate every API of that version. */
  apisFile?: string;
  /** Seeds ids, keys and fault decisions; default 1. */
  seed?: number;
  latencyMs?: number;
  /** Share (0..1) of requests answered with 530. */
  failureRate?: number;
  /** Share (0..1) of connections destroyed without an answer, before the request is processed. */
  dropRate?: number;
  /** Only these commands fail or drop (failureRate, dropRate); default every command. */
  failureCommands?: string[];
  /** Share (0..1) of requests processed and then left without an answer (see Faults). */
  lostAnswerRate?: number;
  /** 0 (default): a lost answer's connection is destroyed; more: the answer is sent this many ms late. */
  lostAnswerHoldMs?: number;
  /** Only these commands lose answers; default every command. */
  lostAnswerCommands?: string[];
  /** At most this many answers are lost (from the start or the last setFaults()); default no limit. */
  lostAnswerLimit?: number;
  /** How long async jobs run; default 100 ms. */
  jobDurationMs?: number;
  /** Share (0..1) of async jobs that fail. */
  jobFailureRate?: number;
  /** Virtual machines to create at start, owned by admin in the Advanced zone. */
  seedVms?: number;
  /** Idle time after which a login session ends; default one hour. */
  sessionTimeoutMs?: number;
  /**
   * Also seed domain `child` with a Domain Admin account (user `childadmin`) and a User account (user
   * `childuser`, two VMs), both with password `password` and API keys: `sim.team` gives them. Default false,
   * so the admin's listall lists stay what they are without it.
   */
  seedTeam?: boolean;
  /**
   * The admin's API keys (each at least 16 characters); default: drawn from the seed, so the same seed gives
   * the same keys. `serve --simulator` passes random ones, known before the engine is loaded.
   */
  adminKeys?: AdminKeys;
  /** An already listening front (http/front.ts) to serve on; `host` and `port` are then not used. */
  front?: SimulatorFront;
}

export interface SimulatorAdmin {
  username: 'admin';
  password: 'password';
  domain: '/';
  apiKey: string;
  secretKey: string;
  userId: string;
}

/** Ids of the seeded objects tests most often need. */
export interface SeededIds {
  advancedZoneId: string;
  basicZoneId: string;
  /** The featured built-in template, "CentOS 5.6(64-bit) no GUI (Simulator)". */
  templateId: string;
  /** "Small Instance": 1 vCPU, 500 MHz, 512 MiB. */
  serviceOfferingId: string;
  /** The admin account's isolated network in the Advanced zone. */
  networkId: string;
  adminAccountId: string;
  rootDomainId: string;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:PORT/client/api */
  url: string;
  admin: SimulatorAdmin;
  seeded: SeededIds;
  /** The `child` domain's people, with `seedTeam`. */
  team: SeededTeam | undefined;
  setFaults(faults: Partial<Faults>): void;
  faults(): Faults;
  /** Ends every login session at once (callers then get 401 and must log in again). */
  expireSessions(): void;
  close(): Promise<void>;
  /** Requests received on /client/api, including dropped and failed ones. */
  readonly requestCount: number;
  /** Requests received for one command (case-insensitive), including dropped and failed ones. */
  requestCountOf(command: string): number;
  /** Requests processed whose answer was then lost (destroyed or held) by the lostAnswer faults. */
  readonly lostAnswerCount: number;
  /** Async jobs started so far. */
  readonly jobCount: number;
  readonly pendingJobCount: number;
  /** APIs known to the catalog (the simulator's own, plus a loaded dump's). */
  readonly apiCount: number;
}

function byName<T extends { name: string; id: string }>(items: Iterable<T>, name: string): string {
  for (const item of items) if (item.name === name) return item.id;
  throw new Error(`the simulator has no seeded object named ${name}`);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const dump = options.apisFile ? loadApiDump(options.apisFile) : undefined;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const seedVms = options.seedVms ?? 0;
  if (!Number.isInteger(seedVms) || seedVms < 0)
    throw new RangeError(`seedVms must be 0 or more, got ${seedVms}`);
  for (const key of [options.adminKeys?.apiKey, options.adminKeys?.secretKey]) {
    if (key !== undefined && key.length < 16)
      throw new RangeError('adminKeys must be at least 16 characters each');
  }
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 3_600_000;
  // NaN would keep sessions forever and answer login with "timeout": null; a negative one ends them at once.
  if (!Number.isFinite(sessionTimeoutMs) || sessionTimeoutMs < 0)
    throw new RangeError(`sessionTimeoutMs must be 0 or more milliseconds, got ${sessionTimeoutMs}`);
  const engine = new SimulatorEngine({
    seed,
    seedVms,
    seedTeam: options.seedTeam === true,
    sessionTimeoutMs,
    faults: {
      latencyMs: options.latencyMs,
      failureRate: options.failureRate,
      dropRate: options.dropRate,
      failureCommands: options.failureCommands,
      lostAnswerRate: options.lostAnswerRate,
      lostAnswerHoldMs: options.lostAnswerHoldMs,
      lostAnswerCommands: options.lostAnswerCommands,
      lostAnswerLimit: options.lostAnswerLimit,
      jobDurationMs: options.jobDurationMs,
      jobFailureRate: options.jobFailureRate,
    },
    dump,
    ...(options.adminKeys ? { adminKeys: options.adminKeys } : {}),
  });
  const front = await listen(engine, options.host ?? '127.0.0.1', options.port ?? 0, options.front);
  const { store, world } = engine;
  const adminUser = world.adminUser;
  return {
    url: front.url,
    admin: {
      username: ADMIN_USERNAME,
      password: ADMIN_PASSWORD,
      domain: '/',
      apiKey: adminUser.apiKey ?? '',
      secretKey: adminUser.secretKey ?? '',
      userId: adminUser.id,
    },
    seeded: {
      advancedZoneId: byName(store.zones.values(), ADVANCED_ZONE_NAME),
      basicZoneId: byName(store.zones.values(), BASIC_ZONE_NAME),
      templateId: byName(store.templates.values(), DEFAULT_TEMPLATE_NAME),
      serviceOfferingId: byName(store.serviceOfferings.values(), DEFAULT_OFFERING_NAME),
      networkId: byName(store.networks.values(), 'admin-network'),
      adminAccountId: world.adminAccount.id,
      rootDomainId: store.rootDomain().id,
    },
    team: engine.team,
    setFaults: (faults) => engine.faults.set(faults),
    faults: () => engine.faults.current,
    expireSessions: () => engine.sessions.removeAll(),
    close: () => front.close(),
    get requestCount() {
      return engine.requestCount;
    },
    requestCountOf: (command) => engine.requestCountOf(command),
    get lostAnswerCount() {
      return engine.faults.lostAnswerCount;
    },
    get jobCount() {
      return store.jobs.size;
    },
    get pendingJobCount() {
      store.jobs.settle(engine.now());
      return store.jobs.pendingCount;
    },
    get apiCount() {
      return engine.catalog.size;
    },
  };
}
