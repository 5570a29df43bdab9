// Source `--from cmk`: CloudMonkey's `cmk -o json list apis`, in the compose service or a local binary.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export interface CmkOptions {
  /** A local `cmk` binary (a path, or a name looked up on PATH); default: the compose service `cmk`. */
  cmk?: string;
  /** The compose file for the default; docker/docker-compose.yml when it exists. */
  composeFile?: string;
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CmkResult {
  raw: unknown;
  version?: string;
  /** The command that ran, for messages. */
  command: string;
}

function commandFor(args: string[], options: CmkOptions): { file: string; args: string[] } {
  if (options.cmk) return { file: options.cmk, args };
  const composeFile = options.composeFile ?? 'docker/docker-compose.yml';
  const file = existsSync(path.resolve(options.cwd ?? process.cwd(), composeFile)) ? ['-f', composeFile] : [];
  return { file: 'docker', args: ['compose', ...file, 'exec', '-T', 'cmk', 'cmk', ...args] };
}

async function runJson(args: string[], options: CmkOptions): Promise<{ value: unknown; command: string }> {
  const { file, args: fullArgs } = commandFor(args, options);
  const command = [file, ...fullArgs].join(' ');
  const result = await execa(file, fullArgs, {
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    stdin: 'ignore',
  });
  if (result.failed) {
    const why =
      result.code === 'ENOENT'
        ? 'not found'
        : String(
            result.stderr || result.stdout || result.shortMessage || `exit code ${result.exitCode}`,
          ).trim();
    throw new Error(`codegen: \`${command}\` failed: ${why.split('\n').slice(0, 5).join(' ')}`);
  }
  try {
    return { value: JSON.parse(result.stdout), command };
  } catch {
    throw new Error(`codegen: \`${command}\` did not print JSON: ${result.stdout.slice(0, 200)}`);
  }
}

/** The CloudStack version in a listCapabilities answer (unwrapped), or undefined. */
export function capabilityVersion(capabilities: unknown): string | undefined {
  const capability = (capabilities as { capability?: { cloudstackversion?: unknown } } | undefined)
    ?.capability;
  const version = capability?.cloudstackversion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

/** Runs `cmk -o json list apis` (and `list capabilities` for the version, if it answers). */
export async function fetchWithCmk(options: CmkOptions = {}): Promise<CmkResult> {
  const { value, command } = await runJson(['-o', 'json', 'list', 'apis'], options);
  let version: string | undefined;
  try {
    version = capabilityVersion((await runJson(['-o', 'json', 'list', 'capabilities'], options)).value);
  } catch {
    // The version is a nicety; the APIs are what counts.
  }
  return { raw: value, command, ...(version ? { version } : {}) };
}
