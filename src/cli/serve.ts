// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const serveCommand: CommandModule = {
  command: 'serve',
  describe: 'the MCP server (not built yet)',
  handler: () => {
    console.error('serve: not built yet');
    process.exitCode = 1;
  },
};
