// The MCP App (src/mcp/app/app.ts): listVirtualMachines and getVMStatus name the VM view's `ui://` resource,
// which resources/read serves as one self-contained page; the tools' answers are what they were. The page in
// a real browser: test/e2e/app-browser.test.ts.
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { afterEach, describe, expect, it } from 'vitest';
import { call, connect, type Harness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the VM inventory MCP App', () => {
  it('is named by listVirtualMachines and getVMStatus only, where the spec puts it', async () => {
    harness = await connect();
    const { tools } = await harness.client.listTools();
    const withUi = tools.filter((tool) => tool._meta !== undefined);
    expect(withUi.map((tool) => tool.name)).toEqual(['listVirtualMachines', 'getVMStatus']);
    for (const tool of withUi) expect(tool._meta).toEqual({ ui: { resourceUri: 'ui://cloudstack/vms' } });
  });

  it('serves one self-contained HTML page as text/html;profile=mcp-app', async () => {
    harness = await connect();
    expect(harness.client.getServerCapabilities()?.resources).toEqual({});
    const { resources } = await harness.client.listResources();
    expect(resources).toEqual([
      expect.objectContaining({ uri: 'ui://cloudstack/vms', mimeType: RESOURCE_MIME_TYPE }),
    ]);
    expect(RESOURCE_MIME_TYPE).toBe('text/html;profile=mcp-app');
    const { contents } = await harness.client.readResource({ uri: 'ui://cloudstack/vms' });
    expect(contents).toHaveLength(1);
    const page = contents[0] as { uri: string; mimeType: string; text: string };
    expect(page).toMatchObject({ uri: 'ui://cloudstack/vms', mimeType: RESOURCE_MIME_TYPE });
    expect(page.text.startsWith('<!doctype html>')).toBe(true);
    // Nothing loaded from elsewhere: no script or style by URL, no module imports left in the inlined bundle.
    expect(page.text).not.toMatch(/<script[^>]*\ssrc=|<link\b|@import|\bimport\s*\{/i);
    expect(page.text).toContain('var McpApps={');
    expect(page.text).toContain('"App":');
    // Each inline script closes once: the bundle holds no `</script` that would end it early.
    expect(page.text.match(/<script>/g)).toHaveLength(2);
    expect(page.text.match(/<\/script>/g)).toHaveLength(2);
  });

  it('answers an unknown ui:// resource with the spec\'s "Resource not found"', async () => {
    harness = await connect();
    await expect(harness.client.readResource({ uri: 'ui://cloudstack/other' })).rejects.toMatchObject({
      code: -32002,
    });
  });

  it('is not offered when neither tool that shows it is', async () => {
    harness = await connect({ deny: ['listVirtualMachines'] });
    expect(harness.client.getServerCapabilities()?.resources).toBeUndefined();
    const { tools } = await harness.client.listTools();
    expect(tools.some((tool) => tool._meta !== undefined)).toBe(false);
  });

  it("leaves the tools' answers as they were: no _meta, the same text and structured content", async () => {
    harness = await connect();
    const result = await harness.client.callTool({ name: 'listVirtualMachines', arguments: {} });
    expect(result._meta).toBeUndefined();
    expect(Object.keys(result).sort()).toEqual(['content', 'structuredContent']);
    const answer = await call(harness.client, 'listVirtualMachines');
    expect(answer.json).toEqual(answer.structured);
  });
});
