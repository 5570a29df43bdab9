// Every switch, level and number the CLI reads from the environment or its flags goes through here, so that
// a value nobody meant (MCP_READ_ONLY=banana, --port abc, --read-only=yes read by yargs as false) is a
// one-line error naming the setting and what it accepts, never a silent default: a safety switch that
// fails open is worse than one that refuses to start.
//
// Spellings: booleans 1/0, true/false, yes/no, on/off in any case; levels and choices as listed, in any
// case; numbers in plain decimal (no hex, no exponent). An empty variable counts as unset (compose files
// and `.env` templates pass `VAR=` through); an empty flag value (`--port=`) is an error.
import type { Argv, Options } from 'yargs';

export const BOOLEAN_SPELLINGS = '1/0, true/false, yes/no, on/off';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/**
 * A setting's value that is not one of its accepted spellings; `name` is the variable or `--flag`. A plain
 * Error (the CLI prints its message as the one line), so that this module imports nothing of the CLI's.
 */
export class SettingError extends Error {
  constructor(name: string, accepted: string, got: string) {
    // Values are shown cut short: a secret pasted into the wrong variable should not be printed whole.
    const shown = got.length > 24 ? `${got.slice(0, 12)}…` : got;
    super(`${name} must be ${accepted}, got "${shown}"`);
    this.name = 'SettingError';
  }
}

/** true / false for an accepted spelling, undefined for anything else. */
export function parseBoolean(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  return undefined;
}

function unset(text: string | undefined): text is undefined {
  return text === undefined || text.trim() === '';
}

/** A boolean environment variable: undefined when unset or empty; anything else but the spellings throws. */
export function envBoolean(env: NodeJS.ProcessEnv, variable: string): boolean | undefined {
  const text = env[variable];
  if (unset(text)) return undefined;
  const value = parseBoolean(text);
  if (value === undefined) throw new SettingError(variable, `one of ${BOOLEAN_SPELLINGS}`, text);
  return value;
}

/** One of `choices` (matched in any case), or undefined when unset or empty. */
export function envChoice<T extends string>(
  env: NodeJS.ProcessEnv,
  variable: string,
  choices: readonly T[],
): T | undefined {
  const text = env[variable];
  if (unset(text)) return undefined;
  const value = choices.find((choice) => choice === text.trim().toLowerCase());
  if (value === undefined) throw new SettingError(variable, `one of ${choices.join(', ')}`, text);
  return value;
}

export interface NumberSpec {
  /** Whole numbers only (ports, counts, milliseconds). */
  integer?: boolean;
  /** Greater than 0 (a timeout). */
  positive?: boolean;
  min?: number;
  max?: number;
  /** Words after "a whole number" / "a number", e.g. "of seconds". */
  unit?: string;
}

function accepted(spec: NumberSpec): string {
  const kind = `${spec.positive ? 'a positive' : 'a'} ${spec.integer ? 'whole number' : 'number'}`;
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? ` from ${spec.min} to ${spec.max}`
      : spec.min !== undefined
        ? spec.min === 0
          ? ' >= 0'
          : ` >= ${spec.min}`
        : spec.max !== undefined
          ? ` <= ${spec.max}`
          : '';
  return `${kind}${spec.unit ? ` ${spec.unit}` : ''}${range}`;
}

/** A decimal number within the spec, or the SettingError naming `name`. */
export function parseNumber(name: string, text: string, spec: NumberSpec): number {
  const trimmed = text.trim();
  const pattern = spec.integer ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)$/;
  const value = pattern.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (
    !Number.isFinite(value) ||
    (spec.integer && !Number.isSafeInteger(value)) ||
    (spec.positive && value <= 0) ||
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max)
  ) {
    throw new SettingError(name, accepted(spec), text);
  }
  return value;
}

/** A number from the environment, or undefined when unset or empty. */
export function envNumber(env: NodeJS.ProcessEnv, variable: string, spec: NumberSpec): number | undefined {
  const text = env[variable];
  return unset(text) ? undefined : parseNumber(variable, text, spec);
}

export const PORT: NumberSpec = { integer: true, min: 0, max: 65535 };
export const SHARE: NumberSpec = { min: 0, max: 1 };
export const MILLISECONDS: NumberSpec = { integer: true, min: 0, unit: 'of milliseconds' };

/**
 * A yargs number option that takes only what parseNumber takes. yargs' own `type: 'number'` turns `abc`
 * into NaN, `--port=` into 0 and accepts `0x10`; here the flag is read as text and checked, so the error
 * names the flag and its accepted values (the parsed value is a number, or undefined when not given).
 */
export function numberOption(flag: string, spec: NumberSpec, options: Options = {}): Options {
  return {
    ...options,
    type: 'string',
    // Without it, `--port` with no value would quietly take the default.
    requiresArg: true,
    coerce: (value: unknown) => {
      if (value === undefined) return undefined;
      // Given twice, yargs hands an array; the last one wins, as for other flags.
      const last = Array.isArray(value) ? value.at(-1) : value;
      return parseNumber(`--${flag}`, typeof last === 'string' ? last : '', spec);
    },
  };
}

/** The boolean flags (and their aliases) declared on a yargs instance (a throwaway run of a command's builder). */
export function booleanFlags(probe: Argv): Set<string> {
  const options = (
    probe as unknown as { getOptions(): { boolean: string[]; alias: Record<string, string[]> } }
  ).getOptions();
  const names = new Set<string>();
  for (const name of options.boolean) {
    names.add(name);
    for (const alias of options.alias[name] ?? []) names.add(alias);
  }
  return names;
}

/**
 * `--flag=value` for a boolean flag, rewritten to `--flag=true|false` when the value is an accepted
 * spelling and refused otherwise: yargs reads every value but `true` as false (`--read-only=yes` gave a
 * writable server). `--flag` alone, `--no-flag` and anything after `--` are left to yargs.
 */
export function normaliseBooleanFlags(args: readonly string[], booleans: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of args) {
    const match = rest ? null : /^--(no-)?([^=]+)=(.*)$/s.exec(arg);
    if (arg === '--') rest = true;
    const name = match?.[2];
    if (!match || name === undefined || !booleans.has(name)) {
      out.push(arg);
      continue;
    }
    const value = parseBoolean(match[3] ?? '');
    if (value === undefined)
      throw new SettingError(`--${match[1] ?? ''}${name}`, `one of ${BOOLEAN_SPELLINGS}`, match[3] ?? '');
    out.push(`--${name}=${match[1] ? !value : value}`);
  }
  return out;
}
