// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const doctorCommand: CommandModule = {
  command: 'doctor',
  describe: 'check the connection to CloudStack and the MCP server (not built yet)',
  handler: () => {
    console.error('doctor: not built yet');
    process.exitCode = 1;
  },
};
