// What a section needs built before it can run: the simulator and/or the MCP server's serve command.
import path from 'node:path';
import { cliPath, notBuilt } from './paths.js';
import { simulatorMissing } from './simulator.js';

export function serveMissing(): string | undefined {
  return notBuilt(path.join(path.dirname(cliPath), 'serve.js'));
}

/** The first missing piece among the simulator and the MCP server, or undefined. */
export function simulatorAndServeMissing(): string | undefined {
  return simulatorMissing() ?? serveMissing();
}
