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
import type { ApiCatalog } from '../../src/catalog/catalog.js';
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
let catalog: ApiCatalog;
let browser: Browser;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (!present) return;
  mkdirSync(OUTPUT, { recursive: true });
  simulator = await startSimulator({ seedVms: 6 });
  cloudstack = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  ({ catalog } = await loadCatalog({ caller: cloudstack, live: true }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await browser?.close();
  await cloudstack?.close();
  await simulator?.close();
});

/** Our server over the simulator, and the SDK Client a host holds on it. */
async function connectHost(options: { readOnly?: boolean } = {}): Promise<Client> {
  const created = createServer({ caller: cloudstack, catalog, ...options });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'app-browser-host', version: '1.0.0' });
  await created.server.connect(serverTransport);
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await created.close();
  });
  return client;
}

/**
 * What a host does with a tool call: find the tool's ui:// resource in tools/list, read it, show it in the
 * sandboxed iframe, connect the bridge, and hand the view the call's arguments and result.
 */
async function showTool(client: Client, name: string, args: Record<string, unknown>) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  const viewErrors: string[] = [];
  page.on('pageerror', (error) => viewErrors.push(error.message));
  await page.setContent(HOST_PAGE);

  const { tools } = await client.listTools();
  const tool = tools.find((candidate) => candidate.name === name);
  const uri = tool && getToolUiResourceUri(tool);
  if (!uri) throw new Error(`${name} names no ui:// resource`);
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

  const result = await client.callTool({ name, arguments: args });
  await bridge.sendToolInput({ arguments: args });
  await bridge.sendToolResult(result as Parameters<typeof bridge.sendToolResult>[0]);
  return { page, view: page.frameLocator('#view'), calls, viewErrors, result };
}

describe.skipIf(!present)('the VM inventory MCP App in chromium', () => {
  it('renders the VMs, filters them, and acts through the tools (destroy confirmed with its token)', async () => {
    const client = await connectHost();
    const {
      page,
      view,
      calls,
      viewErrors,
      result: listed,
    } = await showTool(client, 'listVirtualMachines', {});
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
  it('opens on one VM from getVMStatus: its detail, its jobs and the list behind it', async () => {
    const client = await connectHost();
    const { page, view, calls, viewErrors } = await showTool(client, 'getVMStatus', { vm: 'sim-vm-00002' });
    await expect.poll(() => view.locator('#detail-name').textContent()).toBe('sim-vm-00002');
    expect(await view.locator('#detail').isVisible()).toBe(true);
    await expect.poll(() => view.locator('#jobs tr').count()).toBeGreaterThan(0);
    await expect
      .poll(() => view.locator('#rows tr.selected td:first-child').textContent())
      .toBe('sim-vm-00002');
    expect(calls.map((params) => params.name).sort()).toEqual(['callApi', 'listVirtualMachines']);
    expect(viewErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it("in read-only mode, an action is the server's refusal and changes nothing", async () => {
    const client = await connectHost({ readOnly: true });
    const { page, view, viewErrors } = await showTool(client, 'listVirtualMachines', {});
    await expect.poll(() => view.locator('#rows tr').count()).toBeGreaterThan(0);
    await view.locator('#filter').fill('sim-vm-00003');
    await view.locator('#rows tr').first().click();
    await expect.poll(() => view.locator('#detail-name').textContent()).toBe('sim-vm-00003');
    await view.locator('[data-action=stopVM]').click();
    await expect
      .poll(() => view.locator('#status').textContent())
      .toContain('stopVM sim-vm-00003 failed: Unknown tool stopVM');
    expect(await view.locator('#status').getAttribute('class')).toBe('error');
    const status = await client.callTool({ name: 'getVMStatus', arguments: { vm: 'sim-vm-00003' } });
    expect((status.structuredContent as { vm: { state: string } }).vm.state).toBe('Running');
    await page.screenshot({ path: `${OUTPUT}app-vm-read-only.png` });
    expect(viewErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
