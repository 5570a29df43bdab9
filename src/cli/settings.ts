// Every switch, level and number the CLI reads from the environment or its flags goes through here, so that
// a value nobody meant (MCP_READ_ONLY=banana, --port abc, --read-only=yes read by yargs as false) is a
// one-line error naming the setting and what it accepts, never a silent default: a safety switch that
// fails open is worse than one that refuses to start.
//
// Spellings: booleans 1/0, true/false, yes/no, on/off in any case; levels and choices as listed, in any
// case; numbers in plain decimal (no hex, no exponent). An empty variable counts as unset (compose files
// and `.env` templates pass `VAR=` through); an empty flag value (`--port=`) is an error.
import type { Argv, Options } from 'yargs';
import { mayEcho } from '../cloudstack/schema-helpers.js';

export const BOOLEAN_SPELLINGS = '1/0, true/false, yes/no, on/off';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/**
 * A setting's value that is not one of its accepted spellings; `name` is the variable or `--flag`. A plain
 * Error (the CLI prints its message as the one line), so that this module imports nothing of the CLI's.
 */
export class SettingError extends Error {
  constructor(name: string, accepted: string, got: string) {
    // A secret pasted into the wrong variable is not echoed, not even its start (as for API parameters).
    const shown = mayEcho(got) ? `"${got}"` : `<${got.length} characters, not shown>`;
    super(`${name} must be ${accepted}, got ${shown}`);
    this.name = 'SettingError';
  }
}

/**
 * An MCP Bundle host (Claude Desktop) passes `${user_config.NAME}` through as literal text when the user left
 * that option blank and the manifest gave it no default (scripts/mcpb.ts). Such a variable was never set by
 * anyone: it counts as unset, like an empty one, rather than as an API URL, a key or a misspelt switch.
 */
const UNFILLED_PLACEHOLDER = /^\$\{user_config\.[^}]*\}$/;

/** Removes every variable that still holds an unfilled `${user_config.NAME}`; returns their names. */
export function dropUnfilledPlaceholders(env: NodeJS.ProcessEnv): string[] {
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && UNFILLED_PLACEHOLDER.test(value.trim())) {
      delete env[name];
      dropped.push(name);
    }
  }
  return dropped;
}

/** The arguments without `--flag=${user_config.NAME}` (or a bare placeholder) a bundle host left unfilled. */
export function withoutUnfilledPlaceholders(args: readonly string[]): string[] {
  return args.filter((arg) => !UNFILLED_PLACEHOLDER.test(arg.replace(/^--[^=]+=/, '').trim()));
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

// The spec of every flag made by numberOption, by flag name (one meaning per name across commands).
const numberSpecs = new Map<string, NumberSpec>();

/**
 * A yargs number option that takes only what parseNumber takes. yargs' own reading turns `abc` into NaN,
 * `--port=` into 0 and accepts `0x10`, so checkFlags reads the text first; the coerce checks the number
 * again for callers that skip checkFlags (a command module run in process).
 */
export function numberOption(flag: string, spec: NumberSpec, options: Options = {}): Options {
  numberSpecs.set(flag, spec);
  return {
    ...options,
    type: 'number',
    // Without it, `--port` with no value would quietly take the default.
    requiresArg: true,
    coerce: (value: unknown) => {
      if (value === undefined) return undefined;
      // Given twice, yargs hands an array; the last one wins, as for other flags.
      const last = Array.isArray(value) ? value.at(-1) : value;
      if (typeof last === 'number' && Number.isFinite(last))
        return parseNumber(`--${flag}`, last.toFixed(20).replace(/\.?0+$/, ''), spec);
      return parseNumber(`--${flag}`, String(last), spec);
    },
  };
}

/** The boolean and number flags (and aliases) declared on a yargs instance (a throwaway run of a builder). */
export function declaredFlags(probe: Argv): { booleans: Set<string>; numbers: Map<string, NumberSpec> } {
  const options = (
    probe as unknown as {
      getOptions(): { boolean: string[]; number: string[]; alias: Record<string, string[]> };
    }
  ).getOptions();
  const booleans = new Set<string>();
  for (const name of options.boolean) {
    booleans.add(name);
    for (const alias of options.alias[name] ?? []) booleans.add(alias);
  }
  const numbers = new Map<string, NumberSpec>();
  for (const name of options.number) {
    const spec = numberSpecs.get(name);
    if (spec) numbers.set(name, spec);
  }
  return { booleans, numbers };
}

/**
 * Checks boolean and number flags as written, before yargs reads them: `--flag=value` for a boolean flag
 * is rewritten to `--flag=true|false` when the value is an accepted spelling and refused otherwise (yargs
 * reads every value but `true` as false: `--read-only=yes` gave a writable server); a number flag's value
 * (`--port 8080`, `--port=8080`) must be what parseNumber takes. `--flag` alone, `--no-flag` and anything
 * after `--` are left to yargs.
 */
export function checkFlags(
  args: readonly string[],
  flags: { booleans: ReadonlySet<string>; numbers?: ReadonlyMap<string, NumberSpec> },
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const withValue = /^--(no-)?([^=]+)=(.*)$/s.exec(arg);
    const name = withValue?.[2] ?? (/^--([^=]+)$/.exec(arg)?.[1] as string | undefined);
    const spec = name === undefined ? undefined : flags.numbers?.get(name);
    if (withValue && name !== undefined && flags.booleans.has(name)) {
      const value = parseBoolean(withValue[3] ?? '');
      if (value === undefined)
        throw new SettingError(
          `--${withValue[1] ?? ''}${name}`,
          `one of ${BOOLEAN_SPELLINGS}`,
          withValue[3] ?? '',
        );
      out.push(`--${name}=${withValue[1] ? !value : value}`);
    } else if (spec && withValue && !withValue[1]) {
      parseNumber(`--${name}`, withValue[3] ?? '', spec);
      out.push(arg);
    } else if (spec && !withValue) {
      out.push(arg);
      const next = args[i + 1];
      // No value (end, or another flag): yargs' requiresArg says so.
      if (next === undefined || (next.startsWith('-') && !/^-[\d.]/.test(next))) continue;
      parseNumber(`--${name}`, next, spec);
      out.push(next);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
