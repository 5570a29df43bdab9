// `cloudstack-mcp codegen`: listApis → api-cache/<name>.json → generated/. The source is a file (--input),
// a live CloudStack (--from url, a signed call), CloudMonkey (--from cmk) or the embedded simulator
// (--from simulator). A progress line on a terminal, a summary at the end; --check writes nothing and fails
// when a run would change the output (CI).
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { capabilityVersion, fetchWithCmk } from '../../codegen/cmk.js';
import { formatSummary, runCodegen, tuneHeapForBatchRun } from '../../codegen/run.js';
import type { CloudStackCaller } from '../cloudstack/types.js';
import {
  type ConnectionConfig,
  type ConnectionFlags,
  lazyConnection,
  withConnectionOptions,
} from './config.js';
import { clientFrom } from './connect.js';
import { CliError, readTextFile, runCommand } from './output.js';

const SOURCES = ['url', 'cmk', 'simulator'] as const;
type Source = (typeof SOURCES)[number];

interface Args extends ConnectionFlags {
  input?: string;
  from?: Source;
  out: string;
  cache: string;
  name?: string;
  cmk?: string;
  check: boolean;
  json: boolean;
}

interface Fetched {
  raw: unknown;
  version?: string;
  /** The cache name when --name is not given. */
  defaultName: string;
}

/** Terminal-only status line on stderr, rewritten in place. */
class StatusLine {
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}
  update(text: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** listApis (and the version from listCapabilities, when it answers) through any CloudStack client. */
async function fetchListApis(caller: CloudStackCaller): Promise<{ raw: unknown; version?: string }> {
  const raw = await caller.request('listApis', { listall: true });
  let version: string | undefined;
  try {
    version = capabilityVersion(await caller.request('listCapabilities'));
  } catch {
    // Older servers or restricted roles: the version is a nicety.
  }
  return { raw, ...(version ? { version } : {}) };
}

function fromFile(file: string): Fetched {
  const text = readTextFile(file, `--input ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--input ${file} is not JSON: ${(error as Error).message}`);
  }
  return { raw, defaultName: path.basename(file).replace(/\.json$/i, '') };
}

async function fromServer(config: ConnectionConfig): Promise<Fetched> {
  const client = clientFrom(config);
  try {
    const { raw, version } = await fetchListApis(client);
    return { raw, defaultName: version ?? 'server', ...(version ? { version } : {}) };
  } finally {
    await client.close();
  }
}

async function fromSimulator(config: ConnectionConfig): Promise<Fetched> {
  // Loaded on demand: the simulator is a product feature codegen only needs for this source.
  const module = await import('../simulator/index.js');
  const simulator = await module.startSimulator({ port: 0 });
  try {
    const fetched = await fromServer({
      ...config,
      apiUrl: simulator.url,
      apiKey: simulator.admin.apiKey,
      secretKey: simulator.admin.secretKey,
      username: undefined,
      password: undefined,
    });
    return { ...fetched, defaultName: 'simulator' };
  } finally {
    await simulator.close();
  }
}

async function fetchSource(args: Args, config: () => ConnectionConfig, status: StatusLine): Promise<Fetched> {
  if (args.input !== undefined && args.from !== undefined) {
    throw new CliError('give one source: --input FILE or --from url|cmk|simulator, not both');
  }
  if (args.input !== undefined) return fromFile(args.input);
  switch (args.from) {
    case 'url':
      status.update(`codegen: fetching listApis from ${config().apiUrl} ...`);
      return fromServer(config());
    case 'cmk': {
      status.update('codegen: running cmk list apis ...');
      const fetched = await fetchWithCmk(args.cmk ? { cmk: args.cmk } : {}).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new CliError(message.replace(/^codegen: /, ''), {
          hint: args.cmk
            ? `is ${args.cmk} a CloudMonkey binary (a path, or a name on PATH), configured and synced (cmk sync)?`
            : 'the default runs cmk in the compose environment: Docker Compose v2 (`docker compose version`), ' +
              'the environment up (task docker:start), run from the checkout; or --cmk PATH for a local cmk',
        });
      });
      return {
        raw: fetched.raw,
        defaultName: fetched.version ?? 'cmk',
        ...(fetched.version ? { version: fetched.version } : {}),
      };
    }
    case 'simulator':
      status.update('codegen: starting the embedded simulator ...');
      return fromSimulator(config());
    default:
      throw new CliError('name a source: --input FILE, or --from url|cmk|simulator', {
        hint: 'e.g. cloudstack-mcp codegen --from simulator, or --input listApis.json',
      });
  }
}

async function codegen(args: Args, config: () => ConnectionConfig): Promise<number> {
  const status = new StatusLine();
  try {
    const fetched = await fetchSource(args, config, status);
    tuneHeapForBatchRun();
    const summary = runCodegen(fetched.raw, {
      name: args.name ?? fetched.defaultName,
      cacheDir: args.cache,
      outDir: args.out,
      check: args.check,
      ...(fetched.version ? { version: fetched.version } : {}),
      onProgress: (done, total) => status.update(`codegen: ${done}/${total} APIs`),
    });
    status.clear();
    if (args.json) {
      const { manifest, ...rest } = summary;
      process.stdout.write(`${JSON.stringify({ ...rest, sha256: manifest.sha256 }, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatSummary(summary, args.check)}\n`);
    }
    return args.check && (summary.differences.length > 0 || summary.cacheChanged) ? 1 : 0;
  } catch (error) {
    status.clear();
    if (error instanceof CliError) throw error;
    if (error instanceof Error && error.name === 'DumpError') throw new CliError(error.message);
    if (error instanceof Error && error.message.startsWith('codegen: ')) {
      throw new CliError(error.message.slice('codegen: '.length));
    }
    throw error;
  }
}

export const codegenCommand: CommandModule<object, Args> = {
  command: 'codegen',
  describe: 'generate typed bindings from listApis: source → api-cache/<name>.json → generated/',
  builder: (yargs) =>
    withConnectionOptions(yargs as Argv)
      .option('input', { alias: 'i', type: 'string', describe: 'a listApis answer (JSON file)' })
      .option('from', {
        choices: SOURCES,
        describe:
          'url: the CloudStack at --api-url (signed listApis); cmk: CloudMonkey; simulator: the embedded one',
      })
      .option('out', {
        type: 'string',
        default: 'generated',
        describe: 'output folder (wiped and rewritten)',
      })
      .option('cache', { type: 'string', default: 'api-cache', describe: 'folder of normalised dumps' })
      .option('name', { type: 'string', describe: 'cache file name (default: the version, or the source)' })
      .option('cmk', {
        type: 'string',
        describe: 'with --from cmk: a local cmk binary instead of `docker compose exec -T cmk cmk`',
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'write nothing; exit 1 when a run would change the cache or the output',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .example('$0 codegen --from simulator', "the project's own catalog")
      .example('$0 codegen --from url --api-url http://cs:8080/client/api', 'your CloudStack')
      .example('$0 codegen --input listApis.json --name 4.19.0', '') as unknown as Argv<Args>,
  handler: (args) => {
    const connection = lazyConnection(args);
    return runCommand('codegen', () => codegen(args, connection), connection);
  },
};
