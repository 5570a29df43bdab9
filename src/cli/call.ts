// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const callCommand: CommandModule = {
  command: 'call',
  describe: 'call any API by name (not built yet)',
  handler: () => {
    console.error('call: not built yet');
    process.exitCode = 1;
  },
};
