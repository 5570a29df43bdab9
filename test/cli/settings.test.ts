// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${user_config.NAME} is the MCPB host's placeholder text, not a template literal
// Switches, levels and numbers accept only their spellings (src/cli/settings.ts): through the built CLI,
// a value nobody meant is one line naming the variable or flag and what it accepts, and exit status 1,
// never a server that starts writable. Also the one-line usage errors (unknown flags and commands).
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOOLEAN_SPELLINGS,
  checkFlags,
  dropUnfilledPlaceholders,
  envBoolean,
  envChoice,
  parseBoolean,
  parseNumber,
  withoutUnfilledPlaceholders,
} from '../../src/cli/settings.js';
import { cleanEnv, runCli } from './helpers.js';

/** The one stderr line (no help text, no stack trace). */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0] ?? '';
}

describe('settings parsing', () => {
  it('reads booleans in the documented spellings only', () => {
    for (const word of ['1', 'true', 'YES', 'On', ' on ']) expect(parseBoolean(word)).toBe(true);
    for (const word of ['0', 'False', 'no', 'OFF']) expect(parseBoolean(word)).toBe(false);
    for (const word of ['banana', 'y', 'enabled', '2', '']) expect(parseBoolean(word)).toBeUndefined();
    expect(envBoolean({ X: '' }, 'X')).toBeUndefined();
    expect(() => envBoolean({ X: 'y' }, 'X')).toThrow(`X must be one of ${BOOLEAN_SPELLINGS}, got "y"`);
    expect(envChoice({ L: 'DEBUG' }, 'L', ['debug', 'info'])).toBe('debug');
  });

  it('never echoes a key pasted into a setting, not even its start', () => {
    const key = 'hL7zQ2vK9xR4mN8pW3sT6yB1cD5fG0jA';
    let message = '';
    try {
      envBoolean({ MCP_READ_ONLY: key }, 'MCP_READ_ONLY');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`MCP_READ_ONLY must be one of ${BOOLEAN_SPELLINGS}, got <32 characters, not shown>`);
    expect(message).not.toContain(key.slice(0, 6));
  });

  it('reads plain decimal numbers in range', () => {
    const port = { integer: true, min: 0, max: 65535 };
    expect(parseNumber('--port', ' 8080 ', port)).toBe(8080);
    for (const text of ['abc', '', '0x10', '1e3', '8080.5', '65536', '-1']) {
      expect(() => parseNumber('--port', text, port)).toThrow(
        '--port must be a whole number from 0 to 65535',
      );
    }
    expect(parseNumber('--rate', '.25', { min: 0, max: 1 })).toBe(0.25);
  });

  it('rewrites boolean flag values yargs would misread, and refuses the rest', () => {
    const booleans = new Set(['read-only']);
    expect(checkFlags(['--read-only=yes', '--no-read-only=on', 'x=1'], { booleans })).toEqual([
      '--read-only=true',
      '--read-only=false',
      'x=1',
    ]);
    expect(checkFlags(['--', '--read-only=banana'], { booleans })).toEqual(['--', '--read-only=banana']);
    expect(() => checkFlags(['--read-only=banana'], { booleans })).toThrow(/--read-only must be one of/);
  });

  it('takes an option a bundle host left as ${user_config.NAME} for unset, and nothing else', () => {
    const env: NodeJS.ProcessEnv = {
      MCP_READ_ONLY: '${user_config.read_only}',
      CLOUDSTACK_API_KEY: ' ${user_config.api_key} ',
      CLOUDSTACK_API_URL: 'http://cloud/${user_config.path}',
      HOME_DIR: '${HOME}',
      MCP_ALLOW: 'list*',
    };
    expect(dropUnfilledPlaceholders(env).sort()).toEqual(['CLOUDSTACK_API_KEY', 'MCP_READ_ONLY']);
    expect(env).toEqual({
      CLOUDSTACK_API_URL: 'http://cloud/${user_config.path}',
      HOME_DIR: '${HOME}',
      MCP_ALLOW: 'list*',
    });
    expect(
      withoutUnfilledPlaceholders([
        'serve',
        '--simulator=${user_config.simulator}',
        '${user_config.x}',
        '--simulator=false',
      ]),
    ).toEqual(['serve', '--simulator=false']);
  });
});

describe('number flags as written', () => {
  it('are checked before yargs reads them (it would take 0x10, and abc as NaN)', () => {
    const flags = {
      booleans: new Set<string>(),
      numbers: new Map([['port', { integer: true, min: 0, max: 65535 }]]),
    };
    expect(checkFlags(['--port', '8080', 'x'], flags)).toEqual(['--port', '8080', 'x']);
    expect(checkFlags(['--port=0', '--port'], flags)).toEqual(['--port=0', '--port']);
    expect(() => checkFlags(['--port', '0x10'], flags)).toThrow(
      '--port must be a whole number from 0 to 65535, got "0x10"',
    );
    expect(() => checkFlags(['--port', '-1'], flags)).toThrow(/got "-1"/);
    expect(() => checkFlags(['--port='], flags)).toThrow(/got ""/);
  });
});

describe('the built CLI refuses values it does not know', () => {
  it.each([
    ['MCP_READ_ONLY', 'banana'],
    ['MCP_READ_ONLY', 'y'],
    ['MCP_READ_ONLY', 'enabled'],
    ['MCP_STATELESS', 'maybe'],
  ])('%s=%s stops serve with one line', async (variable, value) => {
    const result = await runCli(['serve', '--simulator'], cleanEnv({ [variable]: value }));
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe(
      `cloudstack-mcp serve: ${variable} must be one of ${BOOLEAN_SPELLINGS}, got "${value}"`,
    );
  });

  it.each([
    ['MCP_LOG_LEVEL', 'verbose', 'one of debug, info, warn, error, silent'],
    ['MCP_MAX_ANSWER_BYTES', 'lots', 'a whole number of bytes >= 4096'],
    ['CLOUDSTACK_TIMEOUT', '0', 'a positive number of seconds'],
  ])('%s=%s stops serve with one line', async (variable, value, accepted) => {
    const result = await runCli(['serve', '--simulator'], cleanEnv({ [variable]: value }));
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe(
      `cloudstack-mcp serve: ${variable} must be ${accepted}, got "${value}"`,
    );
  });

  it.each([
    [
      ['serve', '--read-only=banana'],
      '--read-only must be one of 1/0, true/false, yes/no, on/off, got "banana"',
    ],
    [
      ['call', 'listZones', '--wait=later'],
      '--wait must be one of 1/0, true/false, yes/no, on/off, got "later"',
    ],
    [['simulator', '--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc"'],
    [['simulator', '--port=99999'], '--port must be a whole number from 0 to 65535, got "99999"'],
    [['simulator', '--port'], '--port needs a value'],
    [['simulator', '--failure-rate', '2'], '--failure-rate must be a number from 0 to 1, got "2"'],
    [
      ['serve', '--simulator-job-ms', 'soon'],
      '--simulator-job-ms must be a whole number of milliseconds >= 0',
    ],
    [['serve', '--max-answer-bytes=0x10000'], '--max-answer-bytes must be a whole number of bytes >= 4096'],
    [['doctor', '--timeout', '-3'], '--timeout must be a positive number of seconds, got "-3"'],
    [['serve', '--transport', 'htp'], '--transport must be one of stdio, http, got "htp"'],
  ])('%j is one line naming the flag', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    const line = oneLine(result.stderr);
    expect(line).toContain(`cloudstack-mcp ${args[0]}: ${message}`);
    expect(line).toContain(`(see cloudstack-mcp ${args[0]} --help)`);
  });

  it('refuses --seed-team without the simulator it seeds', async () => {
    const result = await runCli(['serve', '--seed-team'], cleanEnv({}));
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toContain(
      'cloudstack-mcp serve: --seed-team seeds the embedded simulator: add --simulator',
    );
  });

  it('takes every documented spelling of a switch, from the flag and from the environment', async () => {
    // The embedded simulator and stdin at its end: serve starts, logs its catalog line and stops.
    const serve = (args: string[], env: Record<string, string> = {}) =>
      runCli(['serve', '--simulator', ...args], cleanEnv({ MCP_LOG_LEVEL: 'info', ...env }));
    const readOnly = / tools: \d+ \(read-only\)/;
    for (const run of [
      serve(['--read-only=yes']),
      serve(['--read-only=ON']),
      serve([], { MCP_READ_ONLY: 'YES' }),
    ]) {
      const result = await run;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(readOnly);
    }
    for (const run of [
      serve(['--read-only=off']),
      serve([], { MCP_READ_ONLY: '' }),
      serve([], { MCP_READ_ONLY: '0' }),
    ]) {
      const result = await run;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/ tools: \d+/);
      expect(result.stderr).not.toMatch(readOnly);
    }
  });
});

describe('usage mistakes are one line with "did you mean" and where the help is', () => {
  it('names an unknown flag and the one meant, without printing the help', async () => {
    const result = await runCli(['serve', '--read-olny']);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe(
      'cloudstack-mcp serve: unknown option --read-olny; did you mean --read-only? (see cloudstack-mcp serve --help)',
    );
  });

  it('names an unknown command and the one meant', async () => {
    const typo = await runCli(['serv', '--simulator']);
    expect(typo.code).toBe(1);
    expect(oneLine(typo.stderr)).toBe(
      'cloudstack-mcp: unknown command "serv"; did you mean serve? (see cloudstack-mcp --help)',
    );
    const none = await runCli([]);
    expect(oneLine(none.stderr)).toBe('cloudstack-mcp: name a command (see cloudstack-mcp --help)');
  });
});

describe('a port in use', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('simulator says which port and how to get a free one', async () => {
    const result = await runCli(['simulator', '--port', String(port)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `cloudstack-mcp simulator: port ${port} on 127.0.0.1 is already in use\n` +
        '  hint: another process listens there: stop it, or choose another port (--port 0 picks a free one)\n',
    );
  });

  it('serve --addr says which port and how to get a free one', async () => {
    const result = await runCli(
      ['serve', '--simulator', '--transport', 'http', '--addr', `127.0.0.1:${port}`],
      cleanEnv({ MCP_LOG_LEVEL: 'error' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cloudstack-mcp serve: port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toContain('--addr 127.0.0.1:0 picks a free one');
  });
});
