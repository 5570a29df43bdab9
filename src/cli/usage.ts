// A mistake in the command line (an unknown flag or command, a bad choice) said in one line, with
// "did you mean" and where the help is, instead of yargs' whole help text before the error.
import type { Argv } from 'yargs';
import { suggestNames } from '../catalog/suggest.js';
import { SettingError } from './settings.js';

/** A failure yargs reported about the command line itself. */
export class UsageFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageFailure';
  }
}

/**
 * What yargs passed to `.fail()`, as the error to print: a usage mistake (yargs' own YError, which also
 * carries a SettingError thrown by a flag's coerce), or any other error unchanged.
 */
export function usageFailure(message: string | undefined | null, error: Error | undefined): Error {
  if (error && error.name !== 'YError' && !(error instanceof SettingError)) return error;
  return new UsageFailure(error?.message ?? message ?? 'invalid command line');
}

function declaredOptions(options: Argv): string[] {
  const declared = (options as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions()
    .key;
  // getOptions lists yargs' camelCase twins too (readOnly beside read-only): keep the spelled-out names.
  const names = Object.keys(declared);
  return names.filter(
    (name) => !/[A-Z]/.test(name) || !names.includes(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)),
  );
}

/** How the person wrote a name yargs reports (`read-olny`): `--read-olny`, `-x`, or a bare word. */
function asWritten(name: string, rawArgs: readonly string[]): string | undefined {
  for (const arg of rawArgs) {
    const flag = /^(--?)([^=]+)/.exec(arg);
    if (flag && flag[2] === name) return `${flag[1]}${name}`;
    if (arg === name) return name;
  }
  return undefined;
}

/** yargs' `Argument: transport, Given: "htp", Choices: "stdio", "http"` as one clause, with "did you mean". */
function choiceLine(match: RegExpMatchArray, rawArgs: readonly string[]): string {
  const name = match[1] ?? '';
  const given = (match[2] ?? '').replace(/^"|"$/g, '');
  const choices = (match[3] ?? '').split(', ').map((one) => one.replace(/"/g, ''));
  // A positional (`service-account <action>`) is named as such, a flag with its dashes.
  const asFlag = rawArgs.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  const meant = suggestNames(given, choices, 1);
  return `${asFlag ? `--${name}` : name} must be one of ${choices.join(', ')}, got "${given}"${meant.length > 0 ? `; did you mean ${meant[0]}?` : ''}`;
}

export function usageLine(
  message: string,
  context: { command: string | undefined; rawArgs: readonly string[]; options: Argv },
): string {
  const prefix = `cloudstack-mcp${context.command ? ` ${context.command}` : ''}`;
  const help = `${prefix} --help`;
  let line = message.replace(/\s+/g, ' ').trim();
  const unknown = /^Unknown arguments?: (.*)$/.exec(line);
  const recommended = /^Did you mean (.*)\?$/.exec(line);
  const choice = line.startsWith('Invalid values:')
    ? [...line.matchAll(/Argument: (\S+), Given: (.*?), Choices: (.*?)(?= Argument: |$)/g)]
    : undefined;
  const valueMissing = /^Not enough arguments following: (\S+)$/.exec(line);
  if (valueMissing) {
    line = `--${valueMissing[1]} needs a value`;
  } else if (choice) {
    line = choice.map((one) => choiceLine(one, context.rawArgs)).join('; ');
  } else if (recommended) {
    const given = context.rawArgs.find((arg) => !arg.startsWith('-')) ?? '';
    line = `unknown command "${given}"; did you mean ${recommended[1]}?`;
  } else if (unknown?.[1]) {
    const options = declaredOptions(context.options);
    const parts: string[] = [];
    for (const name of unknown[1].split(', ')) {
      const written = asWritten(name, context.rawArgs);
      if (written === undefined) continue; // yargs' camelCase twin of a name already reported
      if (!written.startsWith('-')) {
        parts.push(context.command ? `unexpected argument "${written}"` : `unknown command "${written}"`);
        continue;
      }
      const suggestions = suggestNames(name, options, 2).map((option) => `--${option}`);
      parts.push(
        `unknown option ${written}${suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : ''}`,
      );
    }
    if (parts.length > 0) line = parts.join('; ');
  } else if (line !== '') {
    line = line.charAt(0).toLowerCase() + line.slice(1);
  }
  return `${prefix}: ${line} (see ${help})`;
}
