// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const serviceAccountCommand: CommandModule = {
  command: 'service-account',
  describe: 'the mcp-service account (not built yet)',
  handler: () => {
    console.error('service-account: not built yet');
    process.exitCode = 1;
  },
};
