// Runs a compiled benchmark helper (dist/bench/lib/<name>.js) in a fresh Node process: sends it one
// message (if any) and resolves with the first message it sends back.
import { fork } from 'node:child_process';
import path from 'node:path';
import { benchDist } from './paths.js';

export function runChild<T>(name: string, args: string[] = [], message?: unknown): Promise<T> {
  const child = fork(path.join(benchDist, 'lib', `${name}.js`), args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (answer) => resolve(answer as T));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before answering`)));
    if (message !== undefined) child.send(message as object);
  });
}
