// Starts the embedded simulator in a child process and talks to it over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { benchDist, distRoot, notBuilt } from './paths.js';
import { stopChild } from './proc.js';
import type { SimulatorAdmin, SimulatorOptions } from './simulator-types.js';

export interface SimulatorProcess {
  url: string;
  admin: SimulatorAdmin;
  pid: number;
  setFaults(faults: Partial<SimulatorOptions>): Promise<void>;
  expireSessions(): Promise<void>;
  close(): Promise<void>;
}

/** Why the simulator cannot be used yet, or undefined. */
export function simulatorMissing(): string | undefined {
  return notBuilt(path.join(distRoot, 'src', 'simulator', 'index.js'));
}

function reply(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the simulator process exited (code ${code}) before answering ${type}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function startSimulatorProcess(options: SimulatorOptions = {}): Promise<SimulatorProcess> {
  const missing = simulatorMissing();
  if (missing) throw new Error(`the simulator is not built: ${missing}`);
  const child = fork(path.join(benchDist, 'lib', 'simulator-child.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  const ready = await reply(child, 'ready');
  return {
    url: ready.url as string,
    admin: ready.admin as SimulatorAdmin,
    pid: child.pid as number,
    setFaults: async (faults) => {
      const answered = reply(child, 'faults-set');
      child.send({ type: 'faults', faults });
      await answered;
    },
    expireSessions: async () => {
      const answered = reply(child, 'sessions-expired');
      child.send({ type: 'expireSessions' });
      await answered;
    },
    close: () => stopChild(child, () => child.send({ type: 'close' })),
  };
}
