// `cloudstack-mcp api-diff A.json B.json`: what changed between two CloudStack versions' listApis (APIs
// added and removed; parameters added, removed, made required or optional, retyped; async changes).
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { diffDumps, formatDiff } from '../../codegen/diff.js';
import { parseDumpText } from '../cloudstack/listapis.js';
import { CliError, readTextFile, runCommand } from './output.js';

interface Args {
  a: string;
  b: string;
  json: boolean;
}

function load(file: string) {
  const text = readTextFile(file);
  try {
    return parseDumpText(text, file).dump;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function label(file: string): string {
  return path.basename(file).replace(/\.json$/i, '');
}

export const apiDiffCommand: CommandModule<object, Args> = {
  command: 'api-diff <a> <b>',
  describe: 'compare two listApis dumps: APIs and parameters added, removed, changed',
  builder: (yargs) =>
    (yargs as Argv)
      .positional('a', { type: 'string', describe: 'the older listApis dump', demandOption: true })
      .positional('b', { type: 'string', describe: 'the newer listApis dump', demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'print the diff as JSON' })
      .example('$0 api-diff 4.15.2.json 4.18.0.json', 'two listApis dumps') as unknown as Argv<Args>,
  handler: (args) =>
    runCommand('api-diff', async () => {
      const diff = diffDumps(load(args.a), load(args.b), { from: label(args.a), to: label(args.b) });
      process.stdout.write(args.json ? `${JSON.stringify(diff, null, 2)}\n` : `${formatDiff(diff)}\n`);
      return 0;
    }),
};
