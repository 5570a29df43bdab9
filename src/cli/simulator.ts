// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const simulatorCommand: CommandModule = {
  command: 'simulator',
  describe: 'the embedded CloudStack simulator (not built yet)',
  handler: () => {
    console.error('simulator: not built yet');
    process.exitCode = 1;
  },
};
