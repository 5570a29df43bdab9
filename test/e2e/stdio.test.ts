// The built CLI over stdio against its embedded simulator, with the SDK's real Client: the everyday flow
// from templates to a destroyed VM, and the errors that must come back as clear isError results.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from '../mcp/harness.js';
import { CLI, call, errorOf, requireBuild } from './cli.js';

async function startStdio(extraArgs: string[] = []) {
  requireBuild();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--simulator', '--simulator-job-ms', '300', ...extraArgs],
    stderr: 'pipe',
    env: { ...process.env, MCP_LOG_LEVEL: 'info' } as Record<string, string>,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  return { client, protocolErrors, stderr: () => stderr };
}

describe('serve --transport stdio --simulator', () => {
  let session: Awaited<ReturnType<typeof startStdio>>;
  beforeAll(async () => {
    session = await startStdio();
  });
  afterAll(async () => {
    await session?.client.close();
  });

  it('lists templates, deploys by names with progress, reports, stops and destroys with confirmation', async () => {
    const { client } = session;
    const templates = await call(client, 'listTemplates', { zone: 'Sim-Advanced' });
    const names = itemsOf(templates.structured).map((template) => template.name);
    expect(names).toContain('Ubuntu 22.04 LTS (Simulator)');

    const progress: string[] = [];
    const deployed = await client.callTool(
      {
        name: 'deployVM',
        arguments: {
          zone: 'Sim-Advanced',
          template: 'Ubuntu 22.04 LTS (Simulator)',
          serviceOffering: 'Small Instance',
          networks: ['admin-network'],
          name: 'e2e-stdio-vm',
        },
      },
      undefined,
      { onprogress: (notification) => progress.push(notification.message ?? '') },
    );
    expect(deployed.isError, JSON.stringify(deployed.content)).toBeFalsy();
    expect(deployed.structuredContent).toMatchObject({
      status: 'done',
      vm: { name: 'e2e-stdio-vm', state: 'Running' },
    });
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toContain('started');

    const status = await call(client, 'getVMStatus', { vm: 'e2e-stdio-vm' });
    expect(status.structured).toMatchObject({ vm: { state: 'Running', zonename: 'Sim-Advanced' } });

    const listed = await call(client, 'callApi', {
      api: 'listVirtualMachines',
      params: { name: 'e2e-stdio-vm' },
      fields: ['id', 'name', 'state'],
    });
    const items = itemsOf(listed.structured);
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['id', 'name', 'state']);

    const stopped = await call(client, 'stopVM', { vm: 'e2e-stdio-vm' });
    expect(stopped.structured).toMatchObject({ status: 'done', vm: { state: 'Stopped' } });

    const asked = await call(client, 'destroyVM', { vm: 'e2e-stdio-vm', expunge: true });
    expect(asked.structured.status).toBe('confirmation_required');
    const confirmation = asked.structured.confirmation as { confirmToken: string; action: string };
    expect(confirmation.action).toContain('e2e-stdio-vm');
    const destroyed = await call(client, 'destroyVM', {
      vm: 'e2e-stdio-vm',
      expunge: true,
      confirm: confirmation.confirmToken,
    });
    expect(destroyed.isError, destroyed.text).toBe(false);
    expect(destroyed.structured.status).toBe('done');
    const gone = await call(client, 'listVirtualMachines', { keyword: 'e2e-stdio-vm' });
    expect(itemsOf(gone.structured).every((vm) => vm.state !== 'Running')).toBe(true);
  });

  it('answers a missing parameter and an unknown API with clear errors, and keeps serving', async () => {
    const { client } = session;
    const missing = await call(client, 'callApi', {
      api: 'deployVirtualMachine',
      params: { templateid: 'x' },
    });
    expect(missing.isError).toBe(true);
    expect(errorOf(missing)).toMatchObject({ kind: 'invalid_params' });
    expect(String(errorOf(missing).message)).toContain('zoneid');
    const unknown = await call(client, 'callApi', { api: 'listVirtualMachinez' });
    expect(errorOf(unknown).message).toContain('Did you mean listVirtualMachines');
    expect((await call(client, 'listZones')).isError).toBe(false);
  });

  it('keeps stdout for the protocol (no stray output broke the stream)', () => {
    expect(session.protocolErrors.map((error) => error.message)).toEqual([]);
    expect(session.stderr()).toContain('serving MCP over stdio');
  });
});

describe('serve --read-only', () => {
  it('offers no mutating tools and refuses write APIs', async () => {
    const { client } = await startStdio(['--read-only']);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).not.toContain('deployVM');
      expect(names).toContain('listVirtualMachines');
      const refused = await call(client, 'callApi', { api: 'deployVirtualMachine', params: {} });
      expect(errorOf(refused)).toMatchObject({ kind: 'not_allowed' });
      expect(String(errorOf(refused).message)).toContain('read-only');
    } finally {
      await client.close();
    }
  });
});

describe('serve --max-answer-bytes', () => {
  it('cuts a long list at the byte budget with a cursor, and names a refused argument', async () => {
    const { client } = await startStdio(['--max-answer-bytes', '4096']);
    try {
      // One listApis entry (deployVirtualMachine's) is bigger than the budget by itself: refused, saying how
      // to narrow it. (Named, since the catalog's first entry, addImageStore, now fits the budget.)
      const whole = await call(client, 'callApi', {
        api: 'listApis',
        params: { name: 'deployVirtualMachine' },
        limit: 50,
      });
      expect(errorOf(whole)).toMatchObject({ kind: 'too_large', maxBytes: 4096 });
      expect(String(errorOf(whole).message)).toContain('fields');

      const apis = await call(client, 'callApi', { api: 'listApis', limit: 50, fields: ['name', 'params'] });
      expect(apis.isError).toBe(false);
      expect(Buffer.byteLength(apis.text)).toBeLessThanOrEqual(4096);
      const { count, nextCursor } = apis.structured as Record<string, unknown>;
      expect(itemsOf(apis.structured).length).toBeLessThan(count as number);
      expect(typeof nextCursor).toBe('string');
      const next = await call(client, 'callApi', { api: 'listApis', cursor: nextCursor, fields: ['name'] });
      expect(next.structured.count).toBe(count);

      const zero = await call(client, 'listVirtualMachines', { limit: 0 });
      expect(errorOf(zero)).toMatchObject({ kind: 'invalid_params', parameter: 'limit' });
    } finally {
      await client.close();
    }
  });
});
