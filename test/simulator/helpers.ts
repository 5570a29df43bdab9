// A small CloudStack client for the simulator's tests, written independently of the simulator's own
// signature code: it signs the way CloudStack's documentation describes it.
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningSimulator } from '../../src/simulator/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const dump418 = path.join(sharedDir, 'api-dumps', '4.18.0.json');

export type Params = Record<string, string>;

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** RFC 3986 encoding plus the characters java.net.URLEncoder also escapes. */
function encodeLikeJava(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2A/g, '*');
}

export function sign(params: Params, secretKey: string): string {
  const text = Object.keys(params)
    .sort()
    .map((key) => `${key}=${encodeLikeJava(params[key] ?? '')}`)
    .join('&')
    .toLowerCase();
  return createHmac('sha1', secretKey).update(text).digest('base64');
}

export function isoIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, '+0000');
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  /** Sign with signatureversion 3 and this expiry (default: 5 minutes ahead). */
  expires?: string;
  /** Keys of the query string left unencoded (how CloudMonkey sends `tags[0].key`). */
  rawKeys?: boolean;
  apiKey?: string;
  secretKey?: string;
  signatureOverride?: string;
}

export function queryString(params: Params, rawKeys = false): string {
  return Object.entries(params)
    .map(([k, v]) => `${rawKeys ? k : encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Calls an API signed with the given (default: admin) keys. */
export async function call(
  sim: RunningSimulator,
  command: string,
  params: Params = {},
  options: CallOptions = {},
): Promise<Answer> {
  const all: Params = { ...params, command, response: 'json', apiKey: options.apiKey ?? sim.admin.apiKey };
  if (options.expires !== undefined) {
    all.signatureversion = '3';
    all.expires = options.expires;
  }
  all.signature = options.signatureOverride ?? sign(all, options.secretKey ?? sim.admin.secretKey);
  const query = queryString(all, options.rawKeys);
  const response =
    options.method === 'POST'
      ? await fetch(sim.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: query,
        })
      : await fetch(`${sim.url}?${query}`);
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** The object under `<command>response`. */
export function inner(answer: Answer, command: string): Record<string, unknown> {
  const value = answer.body[`${command.toLowerCase()}response`];
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new Error(`no ${command.toLowerCase()}response in ${JSON.stringify(answer.body)}`);
  }
  return value as Record<string, unknown>;
}

export async function ok(
  sim: RunningSimulator,
  command: string,
  params: Params = {},
): Promise<Record<string, unknown>> {
  const answer = await call(sim, command, params);
  if (answer.status !== 200)
    throw new Error(`${command} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return inner(answer, command);
}

export interface JobResult {
  jobstatus: number;
  jobresult?: Record<string, unknown>;
  jobresultcode?: number;
  [key: string]: unknown;
}

/** Polls queryAsyncJobResult until the job ends (bounded). */
export async function waitForJob(
  sim: RunningSimulator,
  jobId: string,
  timeoutMs = 10_000,
): Promise<JobResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await ok(sim, 'queryAsyncJobResult', { jobid: jobId })) as JobResult;
    if (job.jobstatus !== 0) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts an async API and waits for its job. */
export async function runJob(sim: RunningSimulator, command: string, params: Params): Promise<JobResult> {
  const started = await ok(sim, command, params);
  return waitForJob(sim, String(started.jobid));
}

export async function deployVm(sim: RunningSimulator, params: Params = {}): Promise<Record<string, unknown>> {
  const job = await runJob(sim, 'deployVirtualMachine', {
    zoneid: sim.seeded.advancedZoneId,
    templateid: sim.seeded.templateId,
    serviceofferingid: sim.seeded.serviceOfferingId,
    ...params,
  });
  if (job.jobstatus !== 1) throw new Error(`deploy failed: ${JSON.stringify(job.jobresult)}`);
  return job.jobresult?.virtualmachine as Record<string, unknown>;
}

/** A login session with its cookie jar. */
export class Session {
  private cookies = new Map<string, string>();
  sessionKey = '';

  constructor(private readonly sim: RunningSimulator) {}

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async login(username = 'admin', password = 'password', domain = '/'): Promise<Answer> {
    const response = await fetch(this.sim.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: queryString({ command: 'login', username, password, domain, response: 'json' }),
    });
    this.remember(response.headers);
    const body = (await response.json()) as Record<string, unknown>;
    const login = body.loginresponse as Record<string, unknown> | undefined;
    if (response.status === 200 && login) this.sessionKey = String(login.sessionkey);
    return { status: response.status, body, headers: response.headers };
  }

  async call(command: string, params: Params = {}, withKey = true): Promise<Answer> {
    const all: Params = { ...params, command, response: 'json' };
    if (withKey) all.sessionkey = this.sessionKey;
    const response = await fetch(`${this.sim.url}?${queryString(all)}`, {
      headers: { Cookie: this.cookieHeader() },
    });
    this.remember(response.headers);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }
}
