// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const apiDiffCommand: CommandModule = {
  command: 'api-diff',
  describe: 'compare two listApis dumps (not built yet)',
  handler: () => {
    console.error('api-diff: not built yet');
    process.exitCode = 1;
  },
};
