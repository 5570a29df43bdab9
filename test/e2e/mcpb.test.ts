// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${user_config.NAME} is the MCPB host's placeholder text, not a template literal
// The Claude Desktop bundle (scripts/mcpb.ts, `npm run bundle`) as Claude Desktop uses it: built from dist/,
// its manifest accepted by `mcpb validate`, unpacked into an empty folder and started exactly as the manifest
// says, through @anthropic-ai/mcpb's getMcpConfigForManifest (the code Claude Desktop runs to turn the
// manifest and the user's form into a command line and an environment), against the simulator, with the
// SDK's real Client over stdio. Nothing else is in the folder: no node_modules, no checkout above it.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { getMcpConfigForManifest, unpackExtension } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBundle, buildMcpb, type McpbManifest } from '../../scripts/mcpb.js';
import { type Simulator, start as startSimulator } from '../cli/simulator.js';
import { tempDir } from '../temp.js';
import { call, requireBuild } from './cli.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const MCPB_CLI = path.join(repoRoot, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

/** `mcpb validate FILE`: its exit status and what it printed. */
async function mcpbValidate(manifestPath: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      MCPB_CLI,
      'validate',
      manifestPath,
    ]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

type UserConfig = Record<string, string | number | boolean | string[]>;

/**
 * Starts the unpacked bundle as Claude Desktop would with this form filled in, and connects a client. The
 * environment is only what the manifest gives plus PATH (Claude Desktop adds its own, never the user's
 * CLOUDSTACK_* variables); `node` is this Node, as Claude Desktop runs its own.
 */
async function launch(dir: string, userConfig: UserConfig, manifest?: McpbManifest) {
  const config = await getMcpConfigForManifest({
    manifest: manifest ?? (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as McpbManifest),
    extensionPath: dir,
    systemDirs: { HOME: tempDir('mcpb-home') },
    userConfig,
    pathSeparator: path.sep,
  });
  if (!config) throw new Error('the host would not start the server (required configuration missing)');
  expect(config.command).toBe('node');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: config.args ?? [],
    env: { PATH: process.env.PATH ?? '', ...config.env },
    // Claude Desktop's working folder is not the bundle's.
    cwd: tempDir('mcpb-cwd'),
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const client = new Client({ name: 'mcpb-test', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`the bundle did not start: ${String(error)}\n${log}`);
  }
  return { client, config, log: () => log };
}

describe('the Claude Desktop bundle (npm run bundle)', () => {
  let sim: Simulator;
  let built: BuiltBundle;
  let dir: string;

  beforeAll(async () => {
    requireBuild();
    sim = await startSimulator();
    built = await buildMcpb(tempDir('mcpb-out'));
    dir = tempDir('mcpb-unpacked');
    expect(await unpackExtension({ mcpbPath: built.file, outputDir: dir, silent: true })).toBe(true);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('is cloudstack-mcp-<version>.mcpb with the bundled command line and, of node_modules, only the App page library', () => {
    expect(path.basename(built.file)).toBe(`cloudstack-mcp-${pkg.version}.mcpb`);
    expect(readdirSync(dir).sort()).toEqual([
      'dist',
      'icon.png',
      'manifest.json',
      'node_modules',
      'package.json',
    ]);
    const shipped = readdirSync(path.join(dir, 'node_modules'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(path.join(dir, 'node_modules'), path.join(entry.parentPath, entry.name)))
      .sort();
    expect(shipped).toEqual([
      '@modelcontextprotocol/ext-apps/dist/src/app-with-deps.js',
      '@modelcontextprotocol/ext-apps/package.json',
    ]);
    expect(existsSync(path.join(dir, 'dist', 'src', 'cli', 'index.js'))).toBe(true);
    expect(readdirSync(path.join(dir, 'dist', 'src', 'cli')).filter((file) => !file.endsWith('.js'))).toEqual(
      [],
    );
    expect(built.files).toBe(readdirSync(path.join(dir, 'dist', 'src', 'cli')).length + 5);
  });

  it('passes `mcpb validate`, which refuses a broken manifest', async () => {
    const good = await mcpbValidate(path.join(dir, 'manifest.json'));
    expect(good.ok, good.output).toBe(true);

    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.user_config.secret_key.sensitive = 'yes';
    const broken = path.join(tempDir('mcpb-broken'), 'manifest.json');
    writeFileSync(broken, JSON.stringify(manifest));
    const bad = await mcpbValidate(broken);
    expect(bad.ok, bad.output).toBe(false);
  });

  it('asks for the connection, keeps the secrets in the keychain, and gives every option a default', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as McpbManifest;
    expect(manifest.manifest_version).toBe('0.3');
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server.type).toBe('node');
    expect(existsSync(path.join(dir, manifest.server.entry_point))).toBe(true);
    const options = manifest.user_config ?? {};
    for (const secret of ['api_key', 'secret_key', 'password'])
      expect(options[secret]?.sensitive, secret).toBe(true);
    for (const plain of ['api_url', 'username', 'domain', 'allow', 'deny'])
      expect(options[plain]?.sensitive, plain).toBeFalsy();
    expect(options.read_only?.type).toBe('boolean');
    // Each variable is one the CLI documents in its Configuration table (a misspelt name would be ignored).
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const name of Object.keys(manifest.server.mcp_config.env ?? {}))
      expect(readme, name).toMatch(new RegExp(`^\\| [^|]*\`${name}\`[^|]*\\|`, 'm'));
    // Every option the server reads exists, and has a default: Claude Desktop passes an option with neither
    // a value nor a default as the literal text ${user_config.NAME}.
    const referenced = JSON.stringify(manifest.server.mcp_config).match(/\$\{user_config\.[^}]+\}/g) ?? [];
    expect(referenced.length).toBeGreaterThan(0);
    for (const placeholder of referenced) {
      const name = placeholder.slice('${user_config.'.length, -1);
      expect(options[name], name).toBeDefined();
      expect(options[name]?.required, name).toBeFalsy();
      expect(options[name]?.default, name).toBeDefined();
    }
  });

  it('starts as the manifest says with API keys and read-only from the form, and calls a tool', async () => {
    const { client, config, log } = await launch(dir, {
      api_url: sim.url,
      api_key: sim.admin.apiKey,
      secret_key: sim.admin.secretKey,
      read_only: true,
      allow: 'list*, getVMStatus',
    });
    try {
      // The form reached the server: the keys and URL (listZones answers from this simulator), read-only.
      expect(config.env?.CLOUDSTACK_SECRET_KEY).toBe(sim.admin.secretKey);
      expect(config.env?.CLOUDSTACK_USERNAME).toBe('');
      expect(client.getServerVersion()).toMatchObject({ name: 'cloudstack-mcp', version: pkg.version });
      const zones = await call(client, 'listZones', { fields: ['name'] });
      expect(zones.isError, zones.text).toBe(false);
      expect(zones.structured.count).toBeGreaterThan(0);
      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toContain('listVirtualMachines');
      expect(tools).not.toContain('deployVM');
      // The MCP App page is served from the bundle alone (its App library ships beside the command line).
      const page = await client.readResource({ uri: 'ui://cloudstack/vms' });
      expect(String((page.contents[0] as { text?: string }).text)).toContain('var McpApps=');
      const allowed = await call(client, 'callApi', { api: 'listZones' });
      expect(allowed.json.error, allowed.text).toBeUndefined();
      const outside = await call(client, 'callApi', { api: 'queryAsyncJobResult', params: { jobid: 'x' } });
      expect(outside.json.error).toMatchObject({ kind: 'not_allowed' });
      expect(log()).toContain(`against ${sim.url}`);
      // The secret never reaches the log.
      expect(log()).not.toContain(sim.admin.secretKey);
    } finally {
      await client.close();
    }
  });

  it('signs in with a user name and password left with the key fields blank', async () => {
    const { client, log } = await launch(dir, {
      api_url: sim.url,
      username: 'admin',
      password: 'password',
      // Cleared in the form: an empty string, which must count as unset.
      api_key: '',
      deny: 'destroy*',
    });
    try {
      const zones = await call(client, 'listZones', { fields: ['name'] });
      expect(zones.isError, zones.text).toBe(false);
      expect(log()).toContain('logged in as admin');
      const denied = await call(client, 'callApi', { api: 'destroyVirtualMachine', params: { id: 'x' } });
      expect(denied.isError).toBe(true);
      expect(denied.json.error).toMatchObject({
        kind: 'not_allowed',
        message: `destroyVirtualMachine is denied by the server's --deny pattern "destroy*"`,
      });
    } finally {
      await client.close();
    }
  });

  it('starts when the host leaves unfilled options as literal ${user_config.NAME} text', async () => {
    // The same manifest without defaults: what a host passes for options nobody filled in.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as McpbManifest;
    for (const option of Object.values(manifest.user_config ?? {})) delete option.default;
    const { client, config } = await launch(
      dir,
      { api_url: sim.url, api_key: sim.admin.apiKey, secret_key: sim.admin.secretKey },
      manifest,
    );
    try {
      expect(config.env?.MCP_READ_ONLY).toBe('${user_config.read_only}');
      expect(config.args).toContain('--simulator=${user_config.simulator}');
      const zones = await call(client, 'listZones', { fields: ['name'] });
      expect(zones.isError, zones.text).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('runs on its embedded simulator with nothing else filled in', async () => {
    const { client, log } = await launch(dir, { simulator: true });
    try {
      const zones = await call(client, 'listZones', { fields: ['name'] });
      expect(zones.isError, zones.text).toBe(false);
      expect(zones.structured.count).toBeGreaterThan(0);
      expect(log()).not.toContain(`against ${sim.url}`);
    } finally {
      await client.close();
    }
  });
});
