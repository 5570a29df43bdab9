// Taskfile.yml: the original project's task names are all there, and every task only calls what exists in this
// repo (a script in scripts/, an npm script, or a CLI command), so the logic lives in one place. go-task itself
// cannot be installed here (its npm package downloads a binary), so this reads the file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './shell.js';

interface Task {
  desc?: string;
  cmds: (string | { task: string })[];
  env?: Record<string, string>;
  dotenv?: string[];
}
const taskfile = parse(readFileSync(path.join(repoRoot, 'Taskfile.yml'), 'utf8'), { merge: true }) as {
  version: string;
  tasks: Record<string, Task>;
};
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const cliIndex = readFileSync(path.join(repoRoot, 'src', 'cli', 'index.ts'), 'utf8');

describe('Taskfile.yml', () => {
  it('is a go-task v3 file with the original task names and the setup tasks', () => {
    expect(taskfile.version).toBe('3');
    const names = [
      'docker:start',
      'docker:stop',
      'docker:restart',
      'cmk',
      'cloudstack:status',
      'cloudstack:get-credentials',
      'mcp:service-account:check',
      'mcp:service-account:create',
      'run:server',
      'build',
      'setup-env',
      'codegen',
      'codegen:cmk',
      'test',
      'bench',
      'cloudstack:setup',
      'cloudstack:fix-socket',
    ];
    for (const name of names) {
      expect(taskfile.tasks[name], name).toBeDefined();
      expect(taskfile.tasks[name]?.desc, `${name} has a description`).toBeTruthy();
    }
  });

  it('calls only scripts, npm scripts and CLI commands that exist', () => {
    for (const [name, task] of Object.entries(taskfile.tasks)) {
      for (const cmd of task.cmds) {
        if (typeof cmd !== 'string') {
          expect(taskfile.tasks[cmd.task], `${name} → task ${cmd.task}`).toBeDefined();
          continue;
        }
        const script = cmd.match(/^bash (scripts\/\S+\.sh)(.*)$/);
        const npm = cmd.match(/^npm (?:run )?(\S+)/);
        if (script) {
          expect(existsSync(path.join(repoRoot, script[1] ?? '')), `${name}: ${cmd}`).toBe(true);
          const cliCommand = cmd.match(/^bash scripts\/cli\.sh (\S+)/)?.[1];
          if (cliCommand)
            expect(cliIndex, `${name}: CLI command ${cliCommand}`).toContain(`${camel(cliCommand)}Command`);
        } else if (npm) {
          const sub = npm[1] ?? '';
          if (sub !== 'ci')
            expect(packageJson.scripts[sub === 'test' ? 'test' : sub], `${name}: ${cmd}`).toBeDefined();
        } else {
          expect(cmd, `${name}: unexpected command`).toMatch(/^(node -e |task --list)/);
        }
      }
    }
  });

  it('passes arguments after -- through where people need them', () => {
    for (const name of ['cmk', 'cloudstack:setup', 'cloudstack:fix-socket', 'codegen', 'run:server']) {
      expect(JSON.stringify(taskfile.tasks[name]?.cmds), name).toContain('{{.CLI_ARGS}}');
    }
  });

  it('gives the service-account tasks the compose admin as a default only', () => {
    for (const name of [
      'cloudstack:get-credentials',
      'mcp:service-account:check',
      'mcp:service-account:create',
    ]) {
      expect(taskfile.tasks[name]?.env?.CLOUDSTACK_USERNAME).toBe(
        '{{.CLOUDSTACK_USERNAME | default "admin"}}',
      );
    }
    expect(JSON.stringify(taskfile.tasks['cloudstack:get-credentials']?.cmds)).toContain('--write-env .env');
  });
});

function camel(command: string): string {
  return command.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
