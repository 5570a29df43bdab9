#!/usr/bin/env node
// The `cloudstack-mcp` command line. Each command lives in its own file and exports a yargs CommandModule.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  checkFlags,
  declaredFlags,
  dropUnfilledPlaceholders,
  SettingError,
  withoutUnfilledPlaceholders,
} from './settings.js';
import { UsageFailure, usageFailure, usageLine } from './usage.js';

// Commands are imported on demand: `serve` pulls in the MCP SDK and `codegen` its emitters, each costing
// hundreds of milliseconds that `call` or `doctor` should not pay. Help and unknown input load them all.
// biome-ignore lint/suspicious/noExplicitAny: each module has its own argument type.
type AnyCommand = CommandModule<any, any>;
const commands: Record<string, () => Promise<AnyCommand>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  simulator: async () => (await import('./simulator.js')).simulatorCommand,
  codegen: async () => (await import('./codegen.js')).codegenCommand,
  'api-diff': async () => (await import('./api-diff.js')).apiDiffCommand,
  call: async () => (await import('./call.js')).callCommand,
  'service-account': async () => (await import('./service-account.js')).serviceAccountCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
};

// Before any command reads them: an option a bundle host left unfilled is unset (settings.ts).
dropUnfilledPlaceholders(process.env);
const rawArgs = withoutUnfilledPlaceholders(hideBin(process.argv));
const HELP = new Set(['--help', '-h', 'help']);

/**
 * yargs lays out the command's whole help text right after starting its handler (20-30 ms of string
 * widths at start-up), in case the handler shows it later. Ours never do (failures print one line, see
 * .fail below), so unless help is asked for, that layout is skipped. An internal hook: without it, as before.
 */
function skipHelpCache(cli: Argv): void {
  const internal = cli as unknown as {
    getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
  };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
const name = rawArgs[0] !== undefined && rawArgs[0] in commands ? rawArgs[0] : undefined;
const requested = name !== undefined ? commands[name] : undefined;
const modules = await Promise.all(requested ? [requested()] : Object.values(commands).map((load) => load()));

/** The command's declared options, read from a throwaway run of its builder (for checks and suggestions). */
function probe(module: AnyCommand | undefined): Argv {
  const argv = yargs([]);
  if (typeof module?.builder === 'function') (module.builder as (yargs: Argv) => unknown)(argv);
  return argv;
}

try {
  // yargs reads `--read-only=yes` as false and `--port abc` as NaN: switches and numbers are checked as
  // written, before it reads them.
  const args = checkFlags(rawArgs, declaredFlags(probe(requested && modules[0])));
  let cli = yargs(args).scriptName('cloudstack-mcp');
  if (!args.some((arg) => HELP.has(arg))) skipHelpCache(cli);
  for (const module of modules) cli = cli.command(module);
  await cli
    .demandCommand(1, 'name a command')
    .strict()
    .recommendCommands()
    .help()
    // One line instead of the whole help text before the error (yargs' default).
    .fail((message, error) => {
      throw usageFailure(message, error);
    })
    .parseAsync();
} catch (error) {
  if (!(error instanceof UsageFailure || error instanceof SettingError)) throw error;
  const context = { command: name, rawArgs, options: probe(requested && modules[0]) };
  process.stderr.write(`${usageLine(error.message, context)}\n`);
  process.exitCode = 1;
}

// A command that failed is finished: exit once its message is out, rather than linger on whatever it had
// opened before failing (an embedded simulator, a listening socket, keep-alive connections).
if (process.exitCode !== undefined && process.exitCode !== 0) {
  const flushed = (stream: NodeJS.WriteStream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}
