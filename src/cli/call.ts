// `cloudstack-mcp call API key=value ...`: any CloudStack API from a shell, CloudMonkey style. The parameters are
// checked against the generated bindings before CloudStack sees them (unknown names get "did you mean",
// missing required ones are named), APIs the bindings do not know are looked up in the live server's
// listApis, async jobs are awaited with a spinner on a terminal, and the answer is printed as JSON or a table,
// optionally cut down to some fields. Secrets in answers (keys, passwords) are masked unless --show-secrets.
import type { Argv, CommandModule } from 'yargs';
import { ApiCatalog, type CatalogEntry } from '../catalog/catalog.js';
import { fetchLiveApis } from '../catalog/live.js';
import { loadBindings } from '../catalog/load.js';
import type { CloudStackClient } from '../cloudstack/client.js';
import { redactSecrets } from '../cloudstack/redact.js';
import { prepareParams } from '../mcp/params.js';
import { selectFields, unmatchedFields, valuesAt } from '../mcp/shape.js';
import {
  type ConnectionConfig,
  type ConnectionFlags,
  lazyConnection,
  withConnectionOptions,
} from './config.js';
import { clientFrom } from './connect.js';
import { CliError, renderTable, runCommand, Spinner } from './output.js';

type Row = Record<string, unknown>;

// The filter's checks are shared with the MCP tools' `fields` (src/mcp/shape.ts).
export { unmatchedFields };

interface Args extends ConnectionFlags {
  api: string;
  params?: string[];
  output: 'json' | 'table';
  filter?: string;
  wait: boolean;
  'show-secrets': boolean;
}

/** `key=value` words into a record; CloudMonkey's `filter=a,b` is taken as --filter unless the API has a real `filter`. */
export function parseKeyValues(words: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0)
      throw new CliError(`expected key=value, got "${word}"`, { hint: 'e.g. call listZones available=true' });
    // defineProperty: `__proto__=x` stays a parameter (refused by name later), not a prototype to lose.
    Object.defineProperty(params, word.slice(0, at), {
      value: word.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return params;
}

async function resolveEntry(api: string, client: () => CloudStackClient): Promise<CatalogEntry> {
  let catalog = ApiCatalog.fromBindings(await loadBindings());
  let found = catalog.lookup(api);
  if (found.found) return found.entry;
  // Not in the bindings: maybe a newer CloudStack than the bindings knows it.
  catalog = catalog.withLive(await fetchLiveApis(client()));
  found = catalog.lookup(api);
  if (found.found) return found.entry;
  const hint =
    found.suggestions.length > 0
      ? `did you mean ${found.suggestions.join(', ')}?`
      : 'cloudstack-mcp call listApis lists them';
  throw new CliError(`unknown API "${api}"`, { hint });
}

const isRow = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keeps only these fields of the items (lists) or the object (single answers); `count` stays. Fields are
 * matched without regard to case, and `nic.ipaddress` reaches into nested lists, as the MCP tools' `fields`.
 */
export function applyFilter(result: Row, fields: readonly string[]): Row {
  const nested = Object.entries(result).filter(([, value]) => isRow(value) || Array.isArray(value));
  if (nested.length === 0) return selectFields(result, fields);
  const out: Row = {};
  for (const [key, value] of Object.entries(result)) {
    if (Array.isArray(value))
      out[key] = value.map((item) => (isRow(item) ? selectFields(item, fields) : item));
    else if (isRow(value)) out[key] = selectFields(value, fields);
    else if (key === 'count') out[key] = value;
  }
  return out;
}

/** The rows a table shows: the items of the first list, else the first object, else the answer itself. */
export function tableRows(result: Row): Row[] {
  for (const value of Object.values(result)) {
    if (Array.isArray(value) && value.every(isRow)) return value as Row[];
  }
  for (const value of Object.values(result)) if (isRow(value)) return [value];
  return Object.keys(result).length > 0 ? [result] : [];
}

function tableColumns(rows: readonly Row[], fields: readonly string[] | undefined): string[] {
  if (fields && fields.length > 0) return [...fields];
  const columns: string[] = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (!columns.includes(key) && (value === null || typeof value !== 'object')) columns.push(key);
    }
  }
  return columns;
}

export function formatResult(
  result: Row,
  output: 'json' | 'table',
  fields: readonly string[] | undefined,
): string {
  const shown = fields && fields.length > 0 ? applyFilter(result, fields) : result;
  if (output === 'json') return JSON.stringify(shown, null, 2);
  const rows = tableRows(shown);
  if (rows.length === 0) return '(no results)';
  const columns = tableColumns(rows, fields);
  // A dotted column shows the values at its path, joined: `nic.ipaddress` → "10.1.0.5, 10.2.0.7".
  const cells = rows.map((row) =>
    Object.fromEntries(
      columns.map((column) => {
        const values = valuesAt(row, column.split('.'));
        return [column, values.length > 1 ? values.map((v) => cellText(v)).join(', ') : values[0]];
      }),
    ),
  );
  return renderTable(cells, columns);
}

function cellText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

async function call(config: ConnectionConfig, args: Args): Promise<number> {
  const given = parseKeyValues(args.params ?? []);
  let client: CloudStackClient | undefined;
  const connect = () => {
    client ??= clientFrom(config);
    return client;
  };
  const spinner = new Spinner();
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const entry = await resolveEntry(args.api, connect);
    const api = entry.definition.name;
    let filter = args.filter;
    if (
      given.filter !== undefined &&
      !entry.definition.paramDocs.some((doc) => doc.name.toLowerCase() === 'filter')
    ) {
      filter ??= given.filter;
      delete given.filter;
    }
    const params = prepareParams(entry, given);
    let result: Row;
    if (entry.definition.isAsync && args.wait) {
      spinner.start(`${api}: waiting for its async job`);
      result = await connect().requestAsync<Row>(api, params, {
        signal: controller.signal,
        onProgress: (progress) => spinner.update(`${api}: job ${progress.jobId} running`),
      });
    } else {
      result = await connect().request<Row>(api, params, { signal: controller.signal });
    }
    spinner.stop();
    const fields = filter
      ?.split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const shown = args['show-secrets'] ? result : redactSecrets(result);
    const answer = isRow(shown) ? shown : { result: shown };
    const rows = tableRows(answer);
    // With no rows every field is unmatched: nothing to say then.
    const unmatched = fields && rows.length > 0 ? unmatchedFields(rows, fields) : [];
    if (unmatched.length > 0) {
      process.stderr.write(`cloudstack-mcp call ${api}: no field ${unmatched.join(', ')} in the answer\n`);
    }
    process.stdout.write(`${formatResult(answer, args.output, fields)}\n`);
    return 0;
  } finally {
    spinner.stop();
    process.removeListener('SIGINT', interrupt);
    await (client as CloudStackClient | undefined)?.close();
  }
}

export const callCommand: CommandModule<object, Args> = {
  command: 'call <api> [params..]',
  describe: 'call any API by name, CloudMonkey style (key=value ...); async jobs are awaited',
  builder: (yargs) =>
    withConnectionOptions(yargs as Argv)
      .positional('api', { type: 'string', describe: 'API name, e.g. listZones', demandOption: true })
      .positional('params', { type: 'string', array: true, describe: 'parameters as key=value' })
      .option('output', {
        alias: 'o',
        choices: ['json', 'table'] as const,
        default: 'json' as const,
        describe: 'the whole answer as JSON, or its list items as a table',
      })
      .option('filter', {
        type: 'string',
        describe:
          'only these fields, comma-separated; nic.ipaddress reaches into lists (CloudMonkey: filter=...)',
      })
      .option('wait', {
        type: 'boolean',
        default: true,
        describe: 'wait for async jobs (--no-wait prints the job id)',
      })
      .option('show-secrets', {
        type: 'boolean',
        default: false,
        describe: 'show keys and passwords in answers',
      })
      .example('$0 call listZones', '')
      .example('$0 call listVirtualMachines state=Running -o table --filter name,state,id', '')
      .example(
        '$0 call deployVirtualMachine zoneid=... templateid=... serviceofferingid=...',
        'waits for the job',
      ) as unknown as Argv<Args>,
  handler: (args) => {
    const connection = lazyConnection(args);
    return runCommand(`call ${args.api}`, () => call(connection(), args), connection);
  },
};
