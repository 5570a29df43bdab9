// What the CLI shows people: one clear line per failure (never a stack trace), ✓/✗ check lines with hints,
// tables, and a spinner for waits on a terminal. Everything shown passes through the secret masks.
import { readFileSync } from 'node:fs';
import {
  CloudStackApiError,
  CloudStackConnectionError,
  CloudStackInputError,
  CloudStackResponseFormatError,
  CloudStackTimeoutError,
  credentialsHint,
  credentialsRejectedMessage,
  isAbortError,
  isCredentialsRejected,
} from '../cloudstack/errors.js';
import { redactText } from '../cloudstack/redact.js';
import { type ConnectionConfig, DEFAULT_API_URL } from './config.js';

/** A failure the CLI itself detected (bad arguments, missing credentials), with an optional hint. */
export class CliError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export const MISSING_CREDENTIALS =
  'no CloudStack credentials: set CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY (or --api-key/--secret-key), ' +
  'or CLOUDSTACK_USERNAME and CLOUDSTACK_PASSWORD (or --username/--password)';

/** The CLI reads no .env by itself (task does, and node --env-file), which surprises people who wrote one. */
export const MISSING_CREDENTIALS_HINT =
  'keys in a .env file (service-account ensure --write-env)? load it first: set -a; . ./.env; set +a. ' +
  'No cloud at hand? cloudstack-mcp serve --simulator';

/** Throws the one-line CliError when the config names neither a key pair nor a username and password. */
export function requireCredentials(config: ConnectionConfig): void {
  if (config.apiKey && !config.secretKey) {
    throw new CliError('CLOUDSTACK_SECRET_KEY (--secret-key) is missing: the API key needs its secret key');
  }
  if (config.secretKey && !config.apiKey) {
    throw new CliError('CLOUDSTACK_API_KEY (--api-key) is missing: the secret key needs its API key');
  }
  if (config.apiKey && config.secretKey) return;
  if (config.username && !config.password) {
    throw new CliError(`CLOUDSTACK_PASSWORD (--password) is missing for user ${config.username}`);
  }
  if (!config.username) throw new CliError(MISSING_CREDENTIALS, { hint: MISSING_CREDENTIALS_HINT });
}

/** The settings to check (wording shared with the MCP server's `unauthorized` answers). */
function authHint(config: ConnectionConfig | undefined): string {
  return credentialsHint(config?.apiKey ? 'apikey' : config?.username ? 'session' : undefined);
}

/**
 * One line (plus an optional hint) that tells a person what went wrong. Only the failures a person fixes
 * differently get their own words; every other error's message (CloudStack's errortext and codes, a failed
 * job) is already that line.
 */
export function describeError(
  error: unknown,
  config?: ConnectionConfig,
): { message: string; hint: string | undefined } {
  const secrets = [config?.apiKey, config?.secretKey, config?.password];
  const clean = (text: string) => redactText(text.replace(/\s+/g, ' ').trim(), secrets);
  let message: string;
  let hint: string | undefined;
  if (error instanceof CliError) {
    message = error.message;
    hint = error.hint;
  } else if (isCredentialsRejected(error)) {
    message = credentialsRejectedMessage(error);
    hint = authHint(config);
  } else if (error instanceof CloudStackApiError && error.command === 'login') {
    // CloudStack answers a failed login with 531 (account error), a wrong domain path included.
    message = `CloudStack refused the login (${error.errorCode ?? error.httpStatus}: ${error.errorText})`;
    hint = authHint(config);
  } else if (error instanceof CloudStackConnectionError) {
    message = `cannot reach CloudStack at ${error.endpoint} (${error.code ?? 'no answer'})`;
    hint = 'is it running, and is CLOUDSTACK_API_URL (--api-url) right?';
  } else if (error instanceof CloudStackTimeoutError) {
    message = error.message;
    hint = 'raise CLOUDSTACK_TIMEOUT (--timeout, seconds) if the server is just slow';
  } else if (error instanceof CloudStackResponseFormatError) {
    message = `something answered that is not CloudStack's API: ${error.message}`;
    hint = 'CLOUDSTACK_API_URL should end in /client/api';
  } else if (error instanceof CloudStackInputError && error.parameter === 'apiKey') {
    message = MISSING_CREDENTIALS;
  } else if (error instanceof CloudStackInputError && error.parameter === 'apiUrl') {
    message = `CLOUDSTACK_API_URL (--api-url) must be an absolute http(s) URL${config ? `, got "${config.apiUrl}"` : ''}`;
    hint = `e.g. ${DEFAULT_API_URL}`;
  } else if (isAbortError(error)) {
    message = `interrupted: ${error instanceof Error ? error.message : 'cancelled'}`;
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  return { message: clean(message), hint: hint === undefined ? undefined : clean(hint) };
}

/**
 * Runs a command's body; a failure becomes `cloudstack-mcp <command>: <one line>` (and a hint) on stderr and
 * exit status 1, never a stack trace.
 */
export async function runCommand(
  command: string,
  body: () => Promise<number | undefined>,
  config?: () => ConnectionConfig | undefined,
): Promise<void> {
  try {
    const code = await body();
    if (typeof code === 'number' && code !== 0) process.exitCode = code;
  } catch (error) {
    let resolved: ConnectionConfig | undefined;
    try {
      resolved = config?.();
    } catch {
      resolved = undefined;
    }
    const { message, hint } = describeError(error, resolved);
    // `call listZones: listZones: invalid parameters ...` says the API's name once.
    const subject = `${command.split(' ').at(-1)}: `;
    const line = message.startsWith(subject) ? message.slice(subject.length) : message;
    process.stderr.write(`cloudstack-mcp ${command}: ${line}\n`);
    if (hint) process.stderr.write(`  hint: ${hint}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

/**
 * Node's `listen EADDRINUSE: address already in use 127.0.0.1:8250` as a person reads it: which port, and
 * how to get another (`free` is the flag that picks a free port, e.g. `--port 0`). Undefined for other errors.
 */
export function addressInUse(error: unknown, free: string): CliError | undefined {
  const failure = error as { code?: unknown; port?: unknown; address?: unknown } | undefined;
  if (failure?.code !== 'EADDRINUSE') return undefined;
  const where = typeof failure.port === 'number' ? `port ${failure.port}` : 'the port';
  const on = typeof failure.address === 'string' ? ` on ${failure.address}` : '';
  return new CliError(`${where}${on} is already in use`, {
    hint: `another process listens there: stop it, or choose another port (${free} picks a free one)`,
  });
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder, not a file',
};

/** A file's text, or a one-line CliError naming the file and why (`cannot read --input x.json: no such file`). */
export function readTextFile(file: string, what = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${what}: ${(code && FILE_ERRORS[code]) ?? code ?? String(error)}`);
  }
}

function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

export interface CheckResult {
  /** true ✓, false ✗, 'skipped' – */
  ok: boolean | 'skipped';
  text: string;
  hint?: string;
}

/** `✓ text`, `✗ text` with an indented hint, or `– text` for a check that was not run. */
export function formatCheck(check: CheckResult, color = false): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const mark = check.ok === 'skipped' ? paint(2, '–') : check.ok ? paint(32, '✓') : paint(31, '✗');
  const hint = check.ok !== true && check.hint ? `\n    ${paint(2, 'hint:')} ${check.hint}` : '';
  return `${mark} ${check.text}${hint}`;
}

export function printCheck(check: CheckResult, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`${formatCheck(check, useColor(stream))}\n`);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
}

/** A plain text table; columns in the order given, each as wide as its widest cell (capped). */
export function renderTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const maxWidth = 60;
  const clip = (text: string) => (text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text);
  const body = rows.map((row) => columns.map((column) => clip(cell(row[column]))));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...body.map((line) => line[i]?.length ?? 0)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((text, i) => text.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(columns), rule, ...body.map(format)].join('\n');
}

/** A one-line spinner on a terminal's stderr; does nothing when stderr is not a terminal. */
export class Spinner {
  private static readonly frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private text = '';
  private startedAt = 0;
  private readonly active: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.active = stream.isTTY === true;
  }

  start(text: string): void {
    this.text = text;
    this.startedAt = Date.now();
    if (!this.active || this.timer) return;
    this.render();
    this.timer = setInterval(() => this.render(), 100);
    this.timer.unref();
  }

  update(text: string): void {
    this.text = text;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.active) this.stream.write('\r\u001b[2K');
  }

  private render(): void {
    const frame = Spinner.frames[this.frame++ % Spinner.frames.length];
    const seconds = Math.floor((Date.now() - this.startedAt) / 1000);
    this.stream.write(`\r\u001b[2K${frame} ${this.text} (${seconds} s)`);
  }
}
