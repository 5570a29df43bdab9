// The CLI's pure pieces: error lines, check lines, tables, key=value parsing, filters, .env writing.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFilter, formatResult, parseKeyValues, tableRows, unmatchedFields } from '../../src/cli/call.js';
import { lazyConnection, resolveConnection } from '../../src/cli/config.js';
import {
  addressInUse,
  CliError,
  describeError,
  formatCheck,
  readTextFile,
  renderTable,
  requireCredentials,
  Spinner,
} from '../../src/cli/output.js';
import { envLines, maskKey, writeEnvFile } from '../../src/cli/service-account.js';
import {
  AsyncJobFailedError,
  CloudStackApiError,
  CloudStackConnectionError,
  CloudStackInputError,
  CloudStackTimeoutError,
} from '../../src/cloudstack/errors.js';
import { tempDir } from '../temp.js';

const config = resolveConnection(
  {},
  { CLOUDSTACK_API_KEY: 'AKEY-0123456789', CLOUDSTACK_SECRET_KEY: 'SECRET-abcdefghij' },
);

describe('describeError', () => {
  it('turns a refused connection into one line with a hint', () => {
    const error = new CloudStackConnectionError({
      command: 'listZones',
      code: 'ECONNREFUSED',
      endpoint: 'http://127.0.0.1:9/client/api',
      requestSent: false,
      detail: 'connect ECONNREFUSED',
    });
    expect(describeError(error, config)).toEqual({
      message: 'cannot reach CloudStack at http://127.0.0.1:9/client/api (ECONNREFUSED)',
      hint: 'is it running, and is CLOUDSTACK_API_URL (--api-url) right?',
    });
  });

  it('says a 401 means the credentials, naming the variables to check', () => {
    const error = new CloudStackApiError({
      command: 'listZones',
      httpStatus: 401,
      errorCode: 401,
      csErrorCode: undefined,
      errorText: 'unable to verify user credentials and/or request signature',
      uuidList: [],
    });
    const { message, hint } = describeError(error, config);
    expect(message).toBe(
      'CloudStack rejected the credentials (401: unable to verify user credentials and/or request signature)',
    );
    expect(hint).toContain('CLOUDSTACK_SECRET_KEY');
  });

  it('says a refused login is about the user, password and domain', () => {
    const error = new CloudStackApiError({
      command: 'login',
      httpStatus: 531,
      errorCode: 531,
      csErrorCode: undefined,
      errorText: 'Failed to authenticate user admin in domain 1; please provide valid credentials',
      uuidList: [],
    });
    const login = resolveConnection({ username: 'admin', password: 'pw-secret-1' }, {});
    expect(describeError(error, login)).toEqual({
      message:
        'CloudStack refused the login (531: Failed to authenticate user admin in domain 1; please provide valid credentials)',
      hint: 'check CLOUDSTACK_USERNAME, CLOUDSTACK_PASSWORD and CLOUDSTACK_DOMAIN',
    });
  });

  it('keeps errortext and codes of other CloudStack errors and failed jobs', () => {
    const api = new CloudStackApiError({
      command: 'deployVirtualMachine',
      httpStatus: 431,
      errorCode: 431,
      csErrorCode: 4350,
      errorText: 'Unable to find zone',
      uuidList: [],
    });
    expect(describeError(api).message).toBe(
      'CloudStack error 431 (cserrorcode 4350) in deployVirtualMachine: Unable to find zone',
    );
    const job = new AsyncJobFailedError({
      jobId: 'job-1',
      command: 'startVirtualMachine',
      errorCode: 530,
      csErrorCode: 4250,
      errorText: 'host went away',
      jobResultCode: 530,
      jobResult: {},
    });
    expect(describeError(job).message).toContain('host went away');
    const timeout = new CloudStackTimeoutError({
      command: 'listZones',
      timeoutMs: 1000,
      endpoint: 'http://x/client/api',
    });
    expect(describeError(timeout).hint).toContain('CLOUDSTACK_TIMEOUT');
  });

  it('names the variable behind a malformed API URL', () => {
    const bad = resolveConnection({ 'api-url': '127.0.0.1:8080' }, {});
    const error = new CloudStackInputError('apiUrl', 'must be an absolute http(s) URL');
    expect(describeError(error, bad)).toEqual({
      message: 'CLOUDSTACK_API_URL (--api-url) must be an absolute http(s) URL, got "127.0.0.1:8080"',
      hint: 'e.g. http://localhost:8080/client/api',
    });
  });

  it('says which port is taken and how to get a free one', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8250'), {
      code: 'EADDRINUSE',
      address: '127.0.0.1',
      port: 8250,
    });
    expect(describeError(addressInUse(taken, '--addr 127.0.0.1:0'))).toEqual({
      message: 'port 8250 on 127.0.0.1 is already in use',
      hint: 'another process listens there: stop it, or choose another port (--addr 127.0.0.1:0 picks a free one)',
    });
    expect(addressInUse(new Error('other'), '--port 0')).toBeUndefined();
  });

  it('never shows a known secret, even inside a message', () => {
    const { message } = describeError(
      new Error('signature for SECRET-abcdefghij failed, apikey=AKEY-0123456789'),
      config,
    );
    expect(message).not.toContain('SECRET-abcdefghij');
    expect(message).not.toContain('AKEY-0123456789');
  });
});

describe('resolveConnection', () => {
  it('takes flags over environment variables over defaults', () => {
    const env = { CLOUDSTACK_API_URL: 'http://env:8080/client/api', CLOUDSTACK_USERNAME: 'env-user' };
    expect(resolveConnection({ 'api-url': 'http://flag:8080/client/api', username: '' }, env)).toEqual({
      apiUrl: 'http://flag:8080/client/api',
      apiKey: undefined,
      secretKey: undefined,
      username: 'env-user',
      password: undefined,
      domain: '/',
      timeout: 60,
    });
    expect(resolveConnection({ timeout: 5 }, { CLOUDSTACK_TIMEOUT: '9' }).timeout).toBe(5);
    expect(resolveConnection({}, { CLOUDSTACK_TIMEOUT: '9', CLOUDSTACK_DOMAIN: '/sub' })).toMatchObject({
      timeout: 9,
      domain: '/sub',
      apiUrl: 'http://localhost:8080/client/api',
    });
  });

  it('names where a bad timeout came from', () => {
    expect(() => resolveConnection({}, { CLOUDSTACK_TIMEOUT: 'abc' })).toThrow(
      'CLOUDSTACK_TIMEOUT must be a positive number of seconds, got "abc"',
    );
    expect(() => resolveConnection({ timeout: Number.NaN }, {})).toThrow(
      '--timeout must be a positive number of seconds, got "NaN"',
    );
    expect(() => resolveConnection({ timeout: -1 }, {})).toThrow(
      '--timeout must be a positive number of seconds, got "-1"',
    );
  });

  it('lazyConnection resolves once, on first use', () => {
    const env: NodeJS.ProcessEnv = { CLOUDSTACK_TIMEOUT: 'abc' };
    const connection = lazyConnection({}, env);
    env.CLOUDSTACK_TIMEOUT = '7';
    expect(connection().timeout).toBe(7);
    env.CLOUDSTACK_TIMEOUT = '8';
    expect(connection()).toBe(connection());
    expect(connection().timeout).toBe(7);
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('requireCredentials', () => {
  it('names what is missing in one line', () => {
    expect(() => requireCredentials(resolveConnection({}, {}))).toThrow(
      /no CloudStack credentials: set CLOUDSTACK_API_KEY/,
    );
    expect(describeError(catchError(() => requireCredentials(resolveConnection({}, {})))).hint).toContain(
      'set -a; . ./.env; set +a',
    );
    expect(() => requireCredentials(resolveConnection({}, { CLOUDSTACK_API_KEY: 'k' }))).toThrow(
      'CLOUDSTACK_SECRET_KEY (--secret-key) is missing',
    );
    expect(() => requireCredentials(resolveConnection({ username: 'admin' }, {}))).toThrow(
      'CLOUDSTACK_PASSWORD (--password) is missing for user admin',
    );
    expect(() => requireCredentials(config)).not.toThrow();
    expect(new CliError('x').exitCode).toBe(1);
  });
});

describe('check lines and tables', () => {
  it('marks ✓, ✗ with a hint, and skipped checks', () => {
    expect(formatCheck({ ok: true, text: 'fine', hint: 'unused' })).toBe('✓ fine');
    expect(formatCheck({ ok: false, text: 'broken', hint: 'fix it' })).toBe('✗ broken\n    hint: fix it');
    expect(formatCheck({ ok: 'skipped', text: 'not run' })).toBe('– not run');
  });

  it('renders aligned columns', () => {
    const table = renderTable(
      [
        { name: 'zone-a', id: '1' },
        { name: 'z', id: '22', extra: 'x' },
      ],
      ['name', 'id'],
    );
    expect(table.split('\n')).toEqual(['name    id', '------  --', 'zone-a  1', 'z       22']);
  });
});

describe('call helpers', () => {
  it('parses CloudMonkey key=value words, values may contain =', () => {
    expect(parseKeyValues(['name=web', 'userdata=a=b', 'tags[0].key=env'])).toEqual({
      name: 'web',
      userdata: 'a=b',
      'tags[0].key': 'env',
    });
    expect(() => parseKeyValues(['zoneid'])).toThrow('expected key=value, got "zoneid"');
    expect(() => parseKeyValues(['=x'])).toThrow(CliError);
    // Kept as a parameter, so that prepareParams refuses it by name instead of losing it.
    expect(Object.keys(parseKeyValues(['__proto__=x', 'constructor=y']))).toEqual([
      '__proto__',
      'constructor',
    ]);
  });

  const listAnswer = {
    count: 2,
    zone: [
      { id: 'z1', name: 'Sandbox', networktype: 'Advanced', tags: [] },
      { id: 'z2', name: 'Other', networktype: 'Basic', tags: [] },
    ],
  };

  it('filters list items and single objects, keeping count', () => {
    expect(applyFilter(listAnswer, ['name', 'ID'])).toEqual({
      count: 2,
      zone: [
        { id: 'z1', name: 'Sandbox' },
        { id: 'z2', name: 'Other' },
      ],
    });
    expect(applyFilter({ virtualmachine: { id: 'v', name: 'n', state: 'Running' } }, ['state'])).toEqual({
      virtualmachine: { state: 'Running' },
    });
    expect(applyFilter({ success: true, displaytext: 'ok' }, ['success'])).toEqual({ success: true });
  });

  it('prints JSON or a table of the list items', () => {
    expect(JSON.parse(formatResult(listAnswer, 'json', undefined))).toEqual(listAnswer);
    const table = formatResult(listAnswer, 'table', ['name', 'networktype']).split('\n');
    expect(table[0]).toBe('name     networktype');
    expect(table.slice(2)).toEqual(['Sandbox  Advanced', 'Other    Basic']);
    expect(formatResult({}, 'table', undefined)).toBe('(no results)');
    expect(tableRows({ virtualmachine: { id: 'v' } })).toEqual([{ id: 'v' }]);
    // Without --filter a table shows the scalar fields only.
    expect(formatResult(listAnswer, 'table', undefined).split('\n')[0]).toBe('id  name     networktype');
  });

  const vms = {
    count: 2,
    virtualmachine: [
      { name: 'web', nic: [{ ipaddress: '10.1.0.5', isdefault: true }, { ipaddress: '10.2.0.7' }] },
      { name: 'db', nic: [{ ipaddress: '10.1.0.6' }] },
    ],
  };

  it('reaches into nested lists with dotted fields, as the MCP tools do', () => {
    expect(applyFilter(vms, ['name', 'nic.ipaddress'])).toEqual({
      count: 2,
      virtualmachine: [
        { name: 'web', nic: [{ ipaddress: '10.1.0.5' }, { ipaddress: '10.2.0.7' }] },
        { name: 'db', nic: [{ ipaddress: '10.1.0.6' }] },
      ],
    });
    expect(formatResult(vms, 'table', ['NAME', 'nic.ipaddress']).split('\n')).toEqual([
      'NAME  nic.ipaddress',
      '----  ------------------',
      'web   10.1.0.5, 10.2.0.7',
      'db    10.1.0.6',
    ]);
  });

  it('names the filter fields that match nothing', () => {
    expect(unmatchedFields(tableRows(vms), ['name', 'nme', 'nic.ipaddress', 'nic.mac'])).toEqual([
      'nme',
      'nic.mac',
    ]);
    expect(unmatchedFields(tableRows({ success: true }), ['success'])).toEqual([]);
  });
});

describe('readTextFile', () => {
  it('says in words why a file cannot be read, naming it as the user gave it', () => {
    const dir = tempDir('read');
    expect(() => readTextFile(path.join(dir, 'nope.json'), '--input nope.json')).toThrow(
      'cannot read --input nope.json: no such file',
    );
    expect(() => readTextFile(dir)).toThrow(`cannot read ${dir}: it is a folder, not a file`);
    writeFileSync(path.join(dir, 'ok.json'), '{}');
    expect(readTextFile(path.join(dir, 'ok.json'))).toBe('{}');
  });
});

describe('.env writing', () => {
  it('sets the three variables, keeps other lines, and leaves mode 0600', () => {
    const dir = tempDir('env');
    const file = path.join(dir, '.env');
    writeFileSync(file, '# mine\nMCP_ADDR=127.0.0.1:9000\nCLOUDSTACK_API_KEY=old\n', { mode: 0o644 });
    writeEnvFile(file, envLines('http://cs:8080/client/api', { apiKey: 'new-key', secretKey: 'new-secret' }));
    expect(readFileSync(file, 'utf8')).toBe(
      '# mine\nMCP_ADDR=127.0.0.1:9000\nCLOUDSTACK_API_URL=http://cs:8080/client/api\nCLOUDSTACK_API_KEY=new-key\nCLOUDSTACK_SECRET_KEY=new-secret\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = readFileSync(file, 'utf8');
    writeEnvFile(file, envLines('http://cs:8080/client/api', { apiKey: 'new-key', secretKey: 'new-secret' }));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('masks keys for display', () => {
    expect(maskKey('abcdefghijklmnopqrstuvwxyz')).toBe('abcd…wxyz');
    expect(maskKey('short')).toBe('****');
  });
});

describe('Spinner', () => {
  function stream(isTTY: boolean) {
    const written: string[] = [];
    return {
      written,
      stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
    };
  }

  it('draws on a terminal and clears its line when it stops', () => {
    const tty = stream(true);
    const spinner = new Spinner(tty.stream);
    spinner.start('deployVirtualMachine: waiting for its async job');
    spinner.stop();
    const clear = '\r\u001b[2K';
    expect(tty.written[0]?.startsWith(clear)).toBe(true);
    expect(tty.written[0]?.slice(clear.length)).toMatch(
      /^. deployVirtualMachine: waiting for its async job \(0 s\)$/,
    );
    expect(tty.written.at(-1)).toBe(clear);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const pipe = stream(false);
    const spinner = new Spinner(pipe.stream);
    spinner.start('x');
    spinner.update('y');
    spinner.stop();
    expect(pipe.written).toEqual([]);
  });
});
