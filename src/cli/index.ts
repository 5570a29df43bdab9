#!/usr/bin/env node
// The `cloudstack-mcp` command line. Each command lives in its own file and exports a yargs CommandModule.
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';

// Commands are imported on demand: `serve` pulls in the MCP SDK and `codegen` ts-morph, each costing
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

const args = hideBin(process.argv);
const requested = args[0] !== undefined ? commands[args[0]] : undefined;
const modules = await Promise.all(requested ? [requested()] : Object.values(commands).map((load) => load()));

let cli = yargs(args).scriptName('cloudstack-mcp');
for (const module of modules) cli = cli.command(module);
await cli.demandCommand(1, 'Name a command; see --help.').strict().help().parseAsync();

// A command that failed is finished: exit once its message is out, rather than linger on whatever it had
// opened before failing (an embedded simulator, a listening socket, keep-alive connections).
if (process.exitCode !== undefined && process.exitCode !== 0) {
  const flushed = (stream: NodeJS.WriteStream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}
