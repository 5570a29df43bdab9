#!/usr/bin/env node
// The `cloudstack-mcp` command line. Each command lives in its own file and exports a yargs CommandModule.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { apiDiffCommand } from './api-diff.js';
import { callCommand } from './call.js';
import { codegenCommand } from './codegen.js';
import { doctorCommand } from './doctor.js';
import { serveCommand } from './serve.js';
import { serviceAccountCommand } from './service-account.js';
import { simulatorCommand } from './simulator.js';

await yargs(hideBin(process.argv))
  .scriptName('cloudstack-mcp')
  .command(serveCommand)
  .command(simulatorCommand)
  .command(codegenCommand)
  .command(apiDiffCommand)
  .command(callCommand)
  .command(serviceAccountCommand)
  .command(doctorCommand)
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .help()
  .parseAsync();
