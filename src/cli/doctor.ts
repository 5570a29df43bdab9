// `cloudstack-mcp doctor`: the checks that need no Docker, each a ✓/✗ line with a hint, so they work against
// any CloudStack and any MCP server: the API URL answers like CloudStack, the credentials sign a listZones,
// and an MCP server at --mcp-url answers `initialize`. `task cloudstack:status` runs it after its container
// checks; the compose `mcp` service uses `doctor --check mcp` as its health check. Exit status 1 on any ✗.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Argv, CommandModule } from 'yargs';
import {
  type ConnectionConfig,
  type ConnectionFlags,
  DEFAULT_API_URL,
  lazyConnection,
  withConnectionOptions,
} from './config.js';
import { clientFrom } from './connect.js';
import { type CheckResult, describeError, MISSING_CREDENTIALS, printCheck, runCommand } from './output.js';

export type CheckName = 'url' | 'keys' | 'mcp';
const CHECKS: readonly CheckName[] = ['url', 'keys', 'mcp'];

/** The most telling reason in an error's cause chain: a code (ECONNREFUSED), else the innermost message. */
function causeCode(error: unknown): string {
  let current: unknown = error;
  let innermost = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'timed out';
    innermost = current.message;
    current = current.cause;
  }
  return innermost;
}

/** A check of the API URL; `reached` says whether anything answered there at all. */
export type UrlCheck = CheckResult & { reached: boolean };

/** Does something answer at the API URL, and is it CloudStack? An unsigned call gets CloudStack's 401 JSON. */
export async function checkUrl(config: ConnectionConfig): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(config.apiUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch {
    return {
      ok: false,
      reached: false,
      text: `CLOUDSTACK_API_URL (--api-url) "${config.apiUrl}" is not an http(s) URL`,
      hint: `e.g. ${DEFAULT_API_URL}`,
    };
  }
  url.searchParams.set('command', 'listCapabilities');
  url.searchParams.set('response', 'json');
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(Math.min(config.timeout, 15) * 1000) });
  } catch (error) {
    return {
      ok: false,
      reached: false,
      text: `cannot reach ${config.apiUrl} (${causeCode(error)})`,
      hint: 'is CloudStack running (task docker:start), and is CLOUDSTACK_API_URL (--api-url) right?',
    };
  }
  const body = await response.text().catch(() => '');
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const answer = json?.listcapabilitiesresponse as Record<string, unknown> | undefined;
  if (!answer) {
    return {
      ok: false,
      reached: true,
      text: `${config.apiUrl} answers (HTTP ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}) but not like CloudStack's API`,
      hint: 'CLOUDSTACK_API_URL should be the API endpoint, e.g. http://localhost:8080/client/api',
    };
  }
  const version = (answer.capability as Record<string, unknown> | undefined)?.cloudstackversion;
  return {
    ok: true,
    reached: true,
    text: `CloudStack API answers at ${config.apiUrl}${version ? ` (CloudStack ${String(version)})` : ''}`,
  };
}

/** Do the configured credentials sign (or log in for) a listZones? */
export async function checkKeys(config: ConnectionConfig): Promise<CheckResult> {
  const usesKeys = Boolean(config.apiKey || config.secretKey);
  if (!usesKeys && !config.username) {
    return {
      ok: false,
      text: 'no credentials configured',
      hint: `${MISSING_CREDENTIALS.replace(/^no CloudStack credentials: /, '')}; task cloudstack:get-credentials writes them to .env`,
    };
  }
  const what = usesKeys ? 'the API keys' : `user ${config.username}`;
  let client: ReturnType<typeof clientFrom> | undefined;
  try {
    client = clientFrom(config);
    const zones = await client.request<{ zone?: { name?: string }[] }>('listZones', {});
    const names = (zones.zone ?? []).map((zone) => zone.name).filter(Boolean);
    const shown = names.length > 0 ? `: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}` : '';
    // The version needs a signed call; an account without listCapabilities still passes the check.
    const capabilities = await client
      .request<{ capability?: { cloudstackversion?: string } }>('listCapabilities', {})
      .catch(() => undefined);
    const version = capabilities?.capability?.cloudstackversion;
    return {
      ok: true,
      text: `${what} ${usesKeys ? 'sign' : 'logs in and runs'} listZones (${names.length} zone${names.length === 1 ? '' : 's'}${shown})${version ? `; CloudStack ${version}` : ''}`,
    };
  } catch (error) {
    const { message, hint } = describeError(error, config);
    return {
      ok: false,
      text: `${usesKeys ? 'the API keys do not work' : `user ${config.username} cannot log in`}: ${message}`,
      hint: hint ?? 'task cloudstack:get-credentials writes working keys to .env',
    };
  } finally {
    await client?.close();
  }
}

/** Does an MCP server answer `initialize` over Streamable HTTP at this URL? */
export async function checkMcp(mcpUrl: string, timeoutSeconds: number, token?: string): Promise<CheckResult> {
  let url: URL;
  try {
    url = new URL(mcpUrl);
  } catch {
    return { ok: false, text: `--mcp-url ${mcpUrl} is not a URL`, hint: 'e.g. http://localhost:8251/mcp' };
  }
  const client = new Client({ name: 'cloudstack-mcp-doctor', version: '1' });
  const transport = new StreamableHTTPClientTransport(
    url,
    token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined,
  );
  try {
    await client.connect(transport, { timeout: timeoutSeconds * 1000 });
    const server = client.getServerVersion();
    const tools = client.getServerCapabilities()?.tools
      ? (await client.listTools(undefined, { timeout: timeoutSeconds * 1000 })).tools.length
      : 0;
    await transport.terminateSession().catch(() => undefined);
    return {
      ok: true,
      text: `MCP server at ${mcpUrl} answers initialize (${server?.name ?? 'unnamed'} ${server?.version ?? ''}, ${tools} tools)`.replace(
        ' ,',
        ',',
      ),
    };
  } catch (error) {
    const reason = causeCode(error);
    const unauthorized = /\b401\b|unauthori[sz]ed/i.test(reason);
    return {
      ok: false,
      text: unauthorized
        ? `the MCP server at ${mcpUrl} refused the request: it wants a bearer token`
        : `no MCP server answers initialize at ${mcpUrl} (${reason})`,
      hint: unauthorized
        ? 'pass its token with --mcp-token or MCP_AUTH_TOKEN'
        : 'start it (task docker:start, or cloudstack-mcp serve --transport http) and check --mcp-url',
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}

interface Args extends ConnectionFlags {
  check?: CheckName[];
  'mcp-url'?: string;
  'mcp-token'?: string;
}

export async function runDoctor(config: () => ConnectionConfig, args: Args): Promise<number> {
  const mcpUrl = args['mcp-url'];
  const wanted = new Set<CheckName>(
    args.check && args.check.length > 0 ? args.check : mcpUrl ? CHECKS : ['url', 'keys'],
  );
  if (wanted.has('mcp') && !mcpUrl) {
    printCheck({
      ok: false,
      text: 'the mcp check needs --mcp-url',
      hint: 'e.g. --mcp-url http://localhost:8251/mcp',
    });
    return 1;
  }
  let failed = 0;
  const report = (check: CheckResult) => {
    if (check.ok === false) failed++;
    printCheck(check);
  };
  let urlCheck: UrlCheck | undefined;
  if (wanted.has('url')) {
    urlCheck = await checkUrl(config());
    report(urlCheck);
  }
  if (wanted.has('keys')) {
    report(
      urlCheck === undefined || urlCheck.ok === true
        ? await checkKeys(config())
        : {
            ok: 'skipped',
            text: `credentials not checked: ${urlCheck.reached ? 'no CloudStack API at that URL' : 'the API is unreachable'}`,
          },
    );
  }
  if (wanted.has('mcp') && mcpUrl) {
    const token = args['mcp-token'] || process.env.MCP_AUTH_TOKEN || undefined;
    report(await checkMcp(mcpUrl, Math.min(config().timeout, 15), token));
  }
  return failed > 0 ? 1 : 0;
}

export const doctorCommand: CommandModule<object, Args> = {
  command: 'doctor',
  describe:
    'check the CloudStack API URL, the credentials and (with --mcp-url) an MCP server: one ✓/✗ line each',
  builder: (yargs) =>
    withConnectionOptions(yargs as Argv)
      .option('check', {
        type: 'array',
        choices: CHECKS,
        describe: 'only these checks (default: url and keys, plus mcp when --mcp-url is given)',
      })
      .option('mcp-url', {
        type: 'string',
        describe: 'an MCP server to check, e.g. http://localhost:8251/mcp',
      })
      .option('mcp-token', {
        type: 'string',
        describe: "that server's bearer token [MCP_AUTH_TOKEN]",
      })
      .example('$0 doctor', 'is CloudStack there, and do my keys work?')
      .example(
        '$0 doctor --mcp-url http://localhost:8251/mcp',
        '...and does the MCP server answer?',
      ) as unknown as Argv<Args>,
  handler: (args) => {
    const connection = lazyConnection(args);
    return runCommand('doctor', () => runDoctor(connection, args), connection);
  },
};
