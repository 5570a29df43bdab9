// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the manifest's ${...} are MCPB host variables, not template literals
// `npm run bundle`: the Claude Desktop bundle, dist/cloudstack-mcp-<version>.mcpb (an MCP Bundle: a zip with
// a manifest.json that Claude Desktop installs in one click and configures through a form).
//
// Inside: the command line as scripts/bundle.mjs writes it (one esbuild entry and its chunks, every
// dependency inside, so it starts with no `npm install` and no network; of node_modules only the one file of ext-apps the MCP App page inlines), a package.json
// (ES modules, and the name and version the server reports), the manifest and its icon. The files keep
// their dist/ layout so that paths the code reads relative to itself (the package.json, for the version)
// resolve as in a checkout. `--out-dir DIR` writes the bundle elsewhere; `--json` prints what was written as one JSON line.
//
// How the host starts it (@anthropic-ai/mcpb's getMcpConfigForManifest, the code Claude Desktop uses):
// `${user_config.x}` in mcp_config is replaced by the user's value, else by the option's default; an option
// with neither is left as the literal text `${user_config.x}`. So every optional option has a default ("" for
// text, which the CLI reads as unset), and the CLI also drops a variable that still holds such a placeholder
// (src/cli/settings.ts, dropUnfilledPlaceholders). Values go through env, not args: in args an empty value
// is not substituted at all.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packExtension, type v0_3 } from '@anthropic-ai/mcpb';
import { Policy } from '../src/mcp/policy.js';
import { allTools } from '../src/mcp/tools/index.js';

export type McpbManifest = ReturnType<typeof v0_3.McpbManifestSchema.parse>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where scripts/bundle.mjs writes the command line, relative to the repository and to the bundle. */
const CLI_DIR = path.join('dist', 'src', 'cli');
const META = path.join(root, 'dist', 'bundle-meta.json');
/** 512×512, as Claude Desktop recommends: a white cloud on blue, drawn for this project. */
const ICON = path.join(root, 'scripts', 'mcpb-icon.png');

interface PackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
  engines?: { node?: string };
}

function readPackage(): PackageJson {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
}

/** The bundle's manifest (manifest_version 0.3: the newest the package does not mark experimental). */
export function mcpbManifest(pkg: PackageJson = readPackage()): McpbManifest {
  const text = (title: string, description: string, extra: { sensitive?: boolean; default?: string } = {}) =>
    ({ type: 'string', title, description, required: false, default: '', ...extra }) as const;
  return {
    manifest_version: '0.3',
    name: 'cloudstack-mcp',
    display_name: 'Apache CloudStack',
    version: pkg.version,
    description: 'Operate an Apache CloudStack cloud: VMs, networks, templates, and any CloudStack API.',
    long_description:
      "An MCP server for Apache CloudStack with typed bindings generated from CloudStack's own listApis. " +
      'Everyday tools (zones, templates, offerings, networks, VMs, async jobs) plus callApi, searchApis and ' +
      'describeApi for any other API. Destructive actions ask for confirmation; read-only mode and allow/deny ' +
      'lists limit what it may do. Sign in with API keys (recommended) or a user name and password, or try ' +
      'it on the built-in CloudStack simulator without a cloud.',
    author: { name: 'cloudstack-mcp contributors' },
    icon: 'icon.png',
    license: pkg.license,
    keywords: ['cloudstack', 'cloud', 'iaas', 'virtual machines', 'mcp'],
    server: {
      type: 'node',
      entry_point: `${CLI_DIR}/index.js`.split(path.sep).join('/'),
      mcp_config: {
        command: 'node',
        // `--simulator=false` is an accepted spelling (settings.ts); the option's default keeps it replaced.
        args: [
          `\${__dirname}/${CLI_DIR.split(path.sep).join('/')}/index.js`,
          'serve',
          '--simulator=${user_config.simulator}',
        ],
        env: {
          CLOUDSTACK_API_URL: '${user_config.api_url}',
          CLOUDSTACK_API_KEY: '${user_config.api_key}',
          CLOUDSTACK_SECRET_KEY: '${user_config.secret_key}',
          CLOUDSTACK_USERNAME: '${user_config.username}',
          CLOUDSTACK_PASSWORD: '${user_config.password}',
          CLOUDSTACK_DOMAIN: '${user_config.domain}',
          MCP_READ_ONLY: '${user_config.read_only}',
          MCP_ALLOW: '${user_config.allow}',
          MCP_DENY: '${user_config.deny}',
        },
      },
    },
    tools: allTools(new Policy()).map((tool) => ({ name: tool.name, description: tool.title })),
    compatibility: {
      platforms: ['darwin', 'win32', 'linux'],
      runtimes: { node: pkg.engines?.node ?? '>=20.19' },
    },
    user_config: {
      api_url: text(
        'CloudStack API URL',
        "CloudStack's API endpoint, ending in /client/api. Blank: http://localhost:8080/client/api.",
      ),
      api_key: text(
        'API key',
        "Your CloudStack user's API key (with the secret key; recommended). CloudStack UI: your user's " +
          'details, Generate keys.',
        { sensitive: true },
      ),
      secret_key: text('Secret key', 'The secret key that goes with the API key.', { sensitive: true }),
      username: text(
        'User name',
        'Instead of API keys: a CloudStack user name and password. The server logs in once and uses ' +
          "that user's API keys (made if the user has none).",
      ),
      password: text('Password', 'The password for the user name.', { sensitive: true }),
      domain: text('Domain', "The user's domain path, for user name and password. Blank: / (ROOT)."),
      read_only: {
        type: 'boolean',
        title: 'Read-only',
        description: 'Offer only tools and APIs that read: nothing is created, changed or deleted.',
        required: false,
        default: false,
      },
      allow: text(
        'Allowed APIs',
        'Comma-separated API name globs callApi may call, e.g. list*,get*,deployVirtualMachine. Blank: any.',
      ),
      deny: text(
        'Denied APIs',
        'Comma-separated API name globs that are refused, e.g. delete*,destroy*. Deny wins over allow.',
      ),
      simulator: {
        type: 'boolean',
        title: 'Try it on the built-in simulator',
        description:
          'Run against a simulated CloudStack inside the extension instead of a real cloud (the connection ' +
          'settings above are then ignored). Its VMs live only until Claude restarts the server.',
        required: false,
        default: false,
      },
    },
  };
}

const APP_PACKAGE = '@modelcontextprotocol/ext-apps';

/** What the bundle needs of the MCP App package: the App bundle the page inlines, and the export that names it. */
function APP_PACKAGE_FILES(): Array<[string, string]> {
  const dir = path.join(root, 'node_modules', APP_PACKAGE);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    exports: Record<string, { default: string }>;
  };
  const entry = pkg.exports['./app-with-deps'];
  if (!entry) throw new Error(`${APP_PACKAGE} has no ./app-with-deps export`);
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    type: 'module',
    exports: { './app-with-deps': entry.default },
  };
  return [
    ['package.json', `${JSON.stringify(manifest, null, 2)}\n`],
    [entry.default, readFileSync(path.join(dir, entry.default), 'utf8')],
  ];
}

/** The command line's files as scripts/bundle.mjs wrote them (JavaScript only: no source maps). */
function cliFiles(): string[] {
  let meta: { outputs: Record<string, unknown> };
  try {
    meta = JSON.parse(readFileSync(META, 'utf8')) as typeof meta;
  } catch {
    throw new Error(`${path.relative(root, META)} is missing: run npm run build first`);
  }
  return Object.keys(meta.outputs).filter((file) => file.endsWith('.js'));
}

export interface BuiltBundle {
  file: string;
  bytes: number;
  /** The files inside, and their size unpacked. */
  files: number;
  unpackedBytes: number;
}

/** Writes cloudstack-mcp-<version>.mcpb into `outDir` from the built dist/ (npm run build). */
export async function buildMcpb(outDir = path.join(root, 'dist')): Promise<BuiltBundle> {
  const pkg = readPackage();
  const files = cliFiles();
  const stage = await mkdtemp(path.join(tmpdir(), 'cloudstack-mcp-mcpb-'));
  try {
    let unpackedBytes = 0;
    const write = (relative: string, content: string) => {
      writeFileSync(path.join(stage, relative), content);
      unpackedBytes += Buffer.byteLength(content);
    };
    mkdirSync(path.join(stage, CLI_DIR), { recursive: true });
    for (const file of files) {
      const target = path.join(stage, CLI_DIR, path.basename(file));
      copyFileSync(path.join(root, file), target);
      unpackedBytes += statSync(target).size;
    }
    // The name and version are what the server reports (src/mcp/server.ts reads the package.json above it).
    write(
      'package.json',
      `${JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, private: true, type: 'module' }, null, 2)}\n`,
    );
    // The MCP App page inlines ext-apps' App bundle, which src/mcp/app/app.ts reads from the package at run
    // time (esbuild does not bundle a file read as text): ship that one file and its export map.
    for (const [from, content] of APP_PACKAGE_FILES()) {
      const target = path.join(stage, 'node_modules', APP_PACKAGE, from);
      mkdirSync(path.dirname(target), { recursive: true });
      write(path.relative(stage, target), content);
    }
    copyFileSync(ICON, path.join(stage, 'icon.png'));
    unpackedBytes += statSync(ICON).size;
    write('manifest.json', `${JSON.stringify(mcpbManifest(pkg), null, 2)}\n`);
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `cloudstack-mcp-${pkg.version}.mcpb`);
    // packExtension validates the manifest against its schema before it packs.
    if (!(await packExtension({ extensionPath: stage, outputPath: file, silent: true }))) {
      throw new Error('mcpb pack failed (run `npx mcpb validate` on the manifest for the reason)');
    }
    return { file, bytes: statSync(file).size, files: files.length + 5, unpackedBytes };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out-dir');
  const outDir = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !outDir) throw new Error('--out-dir needs a folder');
  const built = await buildMcpb(outDir ? path.resolve(outDir) : undefined);
  if (args.includes('--json')) console.log(JSON.stringify(built));
  else
    console.log(
      `${path.relative(process.cwd(), built.file)}: ${(built.bytes / 1024).toFixed(0)} KiB ` +
        `(${built.files} files, ${(built.unpackedBytes / 1024).toFixed(0)} KiB unpacked)`,
    );
}
