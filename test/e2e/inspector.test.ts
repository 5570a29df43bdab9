// Prompts through the MCP Inspector's CLI (`mcp-inspector --cli`), which starts the built `serve
// --simulator` over stdio as a client would. The Inspector is not a dependency of this package (it brings
// ~250 packages, and its 2.x needs Node >= 22.19, so npm installs 0.15.0 on Node 20, whose CLI has
// prompts/list and prompts/get but no completion/complete). Run it with:
//   npm install --prefix /tmp/inspector @modelcontextprotocol/inspector
//   MCP_INSPECTOR=/tmp/inspector/node_modules/.bin/mcp-inspector npx vitest run test/e2e/inspector.test.ts
// Without MCP_INSPECTOR (or node_modules/.bin/mcp-inspector) the suite is skipped and says why.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, requireBuild } from './cli.js';

const local = fileURLToPath(new URL('../../node_modules/.bin/mcp-inspector', import.meta.url));
const inspector = process.env.MCP_INSPECTOR ?? (existsSync(local) ? local : undefined);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function inspect(args: string[]): Promise<Run> {
  requireBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(
      inspector ?? 'mcp-inspector',
      ['--cli', process.execPath, CLI, 'serve', '--simulator', ...args],
      {
        env: { ...process.env, MCP_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(inspector === undefined)(
  'prompts through the MCP Inspector CLI (set MCP_INSPECTOR to run)',
  () => {
    it('lists the prompts with their arguments', async () => {
      const run = await inspect(['--method', 'prompts/list']);
      expect(run.code, run.stderr).toBe(0);
      const { prompts } = JSON.parse(run.stdout) as {
        prompts: Array<{ name: string; arguments: unknown[] }>;
      };
      expect(prompts.map((prompt) => prompt.name)).toEqual([
        'deploy-vm',
        'expose-vm-port',
        'find-capacity-hogs',
        'tidy-up',
        'explain-job-failure',
      ]);
      for (const prompt of prompts) expect(prompt.arguments.length).toBeGreaterThan(0);
    });

    it('gets a prompt with its arguments', async () => {
      const run = await inspect([
        '--method',
        'prompts/get',
        '--prompt-name',
        'deploy-vm',
        '--prompt-args',
        'zone=Sim-Advanced',
        'template=CentOS',
        'serviceOffering=Small Instance',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const answer = JSON.parse(run.stdout) as {
        messages: Array<{ role: string; content: { text: string } }>;
      };
      expect(answer.messages[0]?.role).toBe('user');
      expect(answer.messages[0]?.content.text).toContain('"Small Instance"');
      expect(answer.messages[0]?.content.text).toContain('`deployVM`');
    });

    it('shows -32602 for an unknown prompt and for a missing required argument', async () => {
      const unknown = await inspect(['--method', 'prompts/get', '--prompt-name', 'deploy-vn']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stdout + unknown.stderr).toContain(
        'MCP error -32602: Unknown prompt "deploy-vn". Did you mean deploy-vm?',
      );
      const missing = await inspect([
        '--method',
        'prompts/get',
        '--prompt-name',
        'deploy-vm',
        '--prompt-args',
        'zone=Sim-Basic',
      ]);
      expect(missing.code).not.toBe(0);
      expect(missing.stdout + missing.stderr).toContain(
        'MCP error -32602: Prompt deploy-vm: missing required argument template, serviceOffering',
      );
    });
  },
);
