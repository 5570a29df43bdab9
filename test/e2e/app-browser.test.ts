// The MCP App in a real browser: Debian's chromium, headless, driven by playwright-core. A minimal host page
// (an iframe, sandboxed as hosts do, and a relay) whose other end is the package's host bridge (ext-apps
// AppBridge) in this process, connected through the SDK's real Client to our server over the embedded
// simulator. The host reads the view with resources/read, hands it listVirtualMachines' result as a host
// does; the view renders the VMs, a filter narrows them, its actions call the tools back through the bridge
// (destroyVM's confirmation shown, then confirmed with its token). Screenshots in test-output/. Skipped
// (saying why) only when chromium is absent outside CI, as oauth-browser.test.ts.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppBridge, getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolRequest, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { type CloudStackClient, createClient } from '../../src/cloudstack/client.js';
import { createServer } from '../../src/mcp/server.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const present = existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs it`);
if (!present) console.warn(`app-browser: skipped, ${CHROMIUM} is absent (apt-get install -y chromium)`);

// The host's page: the view in a sandboxed iframe (scripts, no same origin), messages relayed both ways.
const HOST_PAGE = `<!doctype html><html><head><title>test host</title>
<style>body{margin:0}iframe{border:0;width:100%;height:100vh}</style></head><body>
<iframe id="view" sandbox="allow-scripts"></iframe>
<script>
  const frame = document.getElementById('view');
  window.addEventListener('message', (event) => {
    if (event.source === frame.contentWindow) window.toBridge(event.data);
  });
  window.toView = (message) => frame.contentWindow.postMessage(message, '*');
  window.showView = (html) => { frame.srcdoc = html; };
</script></body></html>`;

/** The bridge's side of the relay: a Transport whose other end is the iframe, through the host page. */
class PageRelay implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  constructor(private readonly page: Page) {}
  async start(): Promise<void> {
    await this.page.exposeFunction('toBridge', (message: JSONRPCMessage) => this.onmessage?.(message));
  }
  async send(message: JSONRPCMessage): Promise<void> {
    await this.page.evaluate(
      (m) => (globalThis as unknown as { toView(m: unknown): void }).toView(m),
      message,
    );
  }
  async close(): Promise<void> {
    this.onclose?.();
  }
}

let simulator: RunningSimulator;
let cloudstack: CloudStackClient;
let client: Client;
let closeServer: () => Promise<void>;
let browser: Browser;

beforeAll(async () => {
  if (!present) return;
  mkdirSync(OUTPUT, { recursive: true });
  simulator = await startSimulator({ seedVms: 6 });
  cloudstack = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  const { catalog } = await loadCatalog({ caller: cloudstack, live: true });
  const created = createServer({ caller: cloudstack, catalog });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'app-browser-host', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  closeServer = async () => {
    await client.close();
    await created.close();
  };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  await cloudstack?.close();
  await simulator?.close();
});

describe.skipIf(!present)('the VM inventory MCP App in chromium', () => {
  it('renders the VMs, filters them, and acts through the tools (destroy confirmed with its token)', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    const viewErrors: string[] = [];
    page.on('pageerror', (error) => viewErrors.push(error.message));
    await page.setContent(HOST_PAGE);

    // What a host does: find the tool's ui:// resource in tools/list, read it, show it, hand it the result.
    const { tools } = await client.listTools();
    const tool = tools.find((candidate) => candidate.name === 'listVirtualMachines');
    const uri = tool && getToolUiResourceUri(tool);
    if (!uri) throw new Error('listVirtualMachines names no ui:// resource');
    const { contents } = await client.readResource({ uri });
    const html = (contents[0] as { text: string }).text;

    const calls: CallToolRequest['params'][] = [];
    const bridge = new AppBridge(client, { name: 'test-host', version: '1.0.0' }, { serverTools: {} });
    const initialized = new Promise<void>((resolve) => {
      bridge.oninitialized = () => resolve();
    });
    await bridge.connect(new PageRelay(page));
    // connect() set up forwarding to the server; record what the view calls, still forwarded by it.
    const forward = bridge.oncalltool;
    if (!forward) throw new Error('the bridge did not set up tools/call forwarding');
    bridge.oncalltool = async (params, extra) => {
      calls.push(params);
      return forward(params, extra);
    };
    await page.evaluate(
      (view) => (globalThis as unknown as { showView(h: string): void }).showView(view),
      html,
    );
    await initialized;

    const listed = await client.callTool({ name: 'listVirtualMachines', arguments: {} });
    await bridge.sendToolInput({ arguments: {} });
    await bridge.sendToolResult(listed as Parameters<typeof bridge.sendToolResult>[0]);

    const view = page.frameLocator('#view');
    const expected = (listed.structuredContent as { count: number }).count;
    expect(expected).toBeGreaterThanOrEqual(6);
    await expect.poll(() => view.locator('#rows tr').count()).toBe(expected);
    await expect.poll(() => view.locator('#count').textContent()).toBe(`${expected} of ${expected} VMs`);
    await page.screenshot({ path: `${OUTPUT}app-vm-table.png` });

    // Sorted by name; a click on the header reverses it, another sorts by state.
    const names = () => view.locator('#rows tr td:first-child').allTextContents();
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort());
    await view.locator('th[data-key=name]').click();
    await expect.poll(names).toEqual([...ascending].reverse());
    await view.locator('th[data-key=state]').click();
    const states = await view.locator('#rows tr td:nth-child(2)').allTextContents();
    expect(states).toEqual([...states].sort());
    await view.locator('th[data-key=name]').click();

    // The state filter keeps only the VMs in that state.
    const runningList = await client.callTool({
      name: 'listVirtualMachines',
      arguments: { state: 'Running' },
    });
    const running = (runningList.structuredContent as { count: number }).count;
    expect(running).toBeGreaterThan(0);
    expect(running).toBeLessThan(expected);
    await view.locator('#state').selectOption('Running');
    await expect.poll(() => view.locator('#rows tr').count()).toBe(running);
    await view.locator('#state').selectOption('');

    // A filter narrows the table to one VM, by name.
    const firstName = (await view.locator('#rows tr:first-child td:first-child').textContent()) as string;
    await view.locator('#filter').fill(firstName);
    await expect.poll(() => view.locator('#rows tr').count()).toBe(1);
    await page.screenshot({ path: `${OUTPUT}app-vm-filtered.png` });

    // Its detail (getVMStatus through the bridge), then Stop: stopVM through the bridge, the VM Stopped.
    await view.locator('#rows tr').first().click();
    await expect.poll(() => view.locator('#detail-name').textContent()).toBe(firstName);
    await view.locator('[data-action=stopVM]').click();
    await expect
      .poll(() => view.locator('#status').textContent(), { timeout: 15_000 })
      .toContain('(Stopped)');
    await expect.poll(() => view.locator('#jobs tr').first().textContent()).toContain('StopVMCmd');
    expect(calls.map((params) => params.name)).toContain('stopVM');
    await page.screenshot({ path: `${OUTPUT}app-vm-stopped.png` });

    // Destroy: the server answers confirmation_required; the view shows it and nothing is done yet.
    await view.locator('[data-action=destroyVM]').click();
    await expect.poll(() => view.locator('#confirm').isVisible()).toBe(true);
    expect(await view.locator('#confirm-action').textContent()).toContain(`destroy VM "${firstName}"`);
    const destroyCalls = () => calls.filter((params) => params.name === 'destroyVM');
    expect(destroyCalls()).toHaveLength(1);
    expect(destroyCalls()[0]?.arguments?.confirm).toBeUndefined();
    await page.screenshot({ path: `${OUTPUT}app-vm-confirm.png` });
    // The person confirms: the same call again with the token, as an agent would do.
    await view.locator('#confirm-yes').click();
    await expect
      .poll(() => view.locator('#status').textContent(), { timeout: 15_000 })
      .toContain('(Destroyed)');
    expect(destroyCalls()).toHaveLength(2);
    expect(typeof destroyCalls()[1]?.arguments?.confirm).toBe('string');
    expect(viewErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
