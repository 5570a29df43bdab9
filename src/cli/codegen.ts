// Placeholder until the command is built; replace this file whole.
import type { CommandModule } from 'yargs';

export const codegenCommand: CommandModule = {
  command: 'codegen',
  describe: 'generate bindings from listApis (not built yet)',
  handler: () => {
    console.error('codegen: not built yet');
    process.exitCode = 1;
  },
};
