// README.md stays true to the code: its tools table is the one scripts/readme-tools.ts renders from the tool
// definitions, and it mentions every configuration variable, CLI command and task that exists.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { END, readmePath, renderToolsTable, START, withToolsTable } from '../../scripts/readme-tools.js';
import { Policy } from '../../src/mcp/policy.js';
import { allTools } from '../../src/mcp/tools/index.js';
import { repoRoot } from './shell.js';

const readme = readFileSync(readmePath, 'utf8');

describe('README.md', () => {
  it('has the current tools table between its markers (npx tsx scripts/readme-tools.ts rewrites it)', () => {
    expect(readme).toContain(START);
    expect(readme).toContain(END);
    expect(withToolsTable(readme)).toBe(readme);
  });

  it('the table lists every tool with its four annotations', () => {
    const table = renderToolsTable();
    const tools = allTools(new Policy());
    expect(tools.length).toBeGreaterThan(10);
    for (const tool of tools) expect(table).toContain(`| \`${tool.name}\` | ${tool.title} |`);
    // A changed annotation changes the README's table, so the first test fails until it is regenerated.
    const destroy = tools.find((tool) => tool.name === 'destroyVM');
    expect(destroy?.annotations.destructiveHint).toBe(true);
    expect(table).toMatch(/\| `destroyVM` \| [^|]+ \| [^|]+ \| – \| yes \|/);
  });

  it("never runs the bare npm name cloudstack-mcp, which is a third party's package", () => {
    // `npx cloudstack-mcp` outside a checkout (or `npx -y` in a client's config) downloads and runs it.
    const docs = [
      readme,
      ...['docs/simulator.md', 'scripts/cloudstack-setup.sh', 'scripts/lib/common.sh'].map((file) =>
        readFileSync(path.join(repoRoot, file), 'utf8'),
      ),
    ];
    for (const text of docs) {
      const runs = [...text.matchAll(/\bnpx(?: -y)? cloudstack-mcp\b(?![-\w])/g)].map((m) => m[0]);
      // The README names the forms to avoid once, in backquotes, in the warning about them.
      const warned = [...text.matchAll(/`npx(?: -y)? cloudstack-mcp`/g)].length;
      expect(runs.length - warned, runs.join('\n')).toBe(0);
    }
    expect(readme).toContain('npx --no-install cloudstack-mcp');
  });

  it('documents every serve option', () => {
    for (const flag of ['--simulator-job-ms', '--read-only', '--max-answer-bytes', '--no-live-apis'])
      expect(readme, flag).toContain(flag);
  });

  it('documents every configuration variable, CLI command and task', () => {
    const sources = ['config.ts', 'serve.ts']
      .map((file) => readFileSync(path.join(repoRoot, 'src', 'cli', file), 'utf8'))
      .join('\n');
    const variables = [...sources.matchAll(/\b(CLOUDSTACK_[A-Z_]+|MCP_[A-Z_]+)\b/g)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(5);
    for (const variable of new Set([...variables, 'MCP_ADDR']))
      expect(readme, variable).toContain(`\`${variable}\``);
    for (const command of [
      'serve',
      'simulator',
      'codegen',
      'api-diff',
      'call',
      'service-account',
      'doctor',
    ]) {
      expect(readme, command).toContain(`cloudstack-mcp ${command}`);
    }
    const tasks = Object.keys(
      (parse(readFileSync(path.join(repoRoot, 'Taskfile.yml'), 'utf8')) as { tasks: object }).tasks,
    );
    for (const task of tasks.filter((name) => name !== 'default'))
      expect(readme, task).toContain(`task ${task}`);
  });
});
