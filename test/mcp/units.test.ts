import { describe, expect, it } from 'vitest';
import type { ApiCatalog } from '../../src/catalog/catalog.js';
import { maxAnswerBytes } from '../../src/cli/serve.js';
import { ItemBudget } from '../../src/mcp/budget.js';
import { callHash } from '../../src/mcp/canonical.js';
import { issueConfirmation, useConfirmation } from '../../src/mcp/confirm-token.js';
import { decodeCursor, encodeCursor } from '../../src/mcp/cursor.js';
import { ToolError } from '../../src/mcp/errors.js';
import { envelopeBytes } from '../../src/mcp/listing.js';
import { prepareParams } from '../../src/mcp/params.js';
import { globToRegExp, Policy } from '../../src/mcp/policy.js';
import { compact, findListItems, selectFields, unwrapJobResult } from '../../src/mcp/shape.js';
import { decodeBase64urlStrict, TokenSigner } from '../../src/mcp/signed-token.js';
import { dumpCatalog } from './harness.js';

describe('policy', () => {
  it('matches globs on whole names, ignoring case', () => {
    expect(globToRegExp('list*').test('listZones')).toBe(true);
    expect(globToRegExp('list*').test('blacklistZones')).toBe(false);
    expect(globToRegExp('*virtualmachine*').test('destroyVirtualMachine')).toBe(true);
    expect(globToRegExp('get?').test('getX')).toBe(true);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
  });

  it('lets deny win over allow and read-only refuse writes', () => {
    const policy = new Policy({ allow: ['list*,delete*'], deny: ['deleteNetwork'] });
    expect(policy.check('listZones', 'read').allowed).toBe(true);
    expect(policy.check('deleteVolume', 'destructive').allowed).toBe(true);
    const denied = policy.check('deleteNetwork', 'destructive');
    expect(denied.allowed).toBe(false);
    expect(!denied.allowed && denied.reason).toContain('--deny pattern "deleteNetwork"');
    expect(policy.check('deployVirtualMachine', 'write').allowed).toBe(false);
    const readOnly = new Policy({ readOnly: true });
    expect(readOnly.check('listZones', 'read').allowed).toBe(true);
    const refused = readOnly.check('stopVirtualMachine', 'write');
    expect(!refused.allowed && refused.reason).toContain('read-only');
  });
});

describe('signed tokens', () => {
  const signer = new TokenSigner('test-secret');

  it('round-trips and rejects tampering, other purposes and other keys', () => {
    const token = signer.sign('cursor', { a: 1 });
    expect(signer.verify('cursor', token)).toEqual({ ok: true, payload: { a: 1 } });
    expect(signer.verify('confirm', token).ok).toBe(false);
    expect(new TokenSigner('other').verify('cursor', token).ok).toBe(false);
    const [body, mac] = token.split('.') as [string, string];
    const forged = `${Buffer.from(JSON.stringify({ a: 2 })).toString('base64url')}.${mac}`;
    expect(signer.verify('cursor', forged).ok).toBe(false);
    expect(signer.verify('cursor', `${body}`).ok).toBe(false);
  });

  it('accepts only the one spelling it signed: no spare-bit variants, padding or stray characters', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const token = signer.sign('cursor', { api: 'listZones', start: 50 });
    const [body, mac] = token.split('.') as [string, string];
    // The MAC's 43 characters carry 258 bits for 256: the last one's low 2 bits are spare.
    const last = ALPHABET.indexOf(mac.at(-1) as string);
    const twins = [1, 2, 3].map((flip) => `${mac.slice(0, -1)}${ALPHABET[last ^ flip]}`);
    for (const twin of twins) {
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true); // lenient: same bytes
      expect(signer.verify('cursor', `${body}.${twin}`).ok).toBe(false);
    }
    for (const variant of [
      `${body}.${mac}=`,
      `${body}.${mac.slice(0, 10)}!${mac.slice(10)}`,
      `${body}.${mac} `,
    ]) {
      expect(signer.verify('cursor', variant).ok, variant).toBe(false);
    }
    expect(decodeBase64urlStrict(`${body}=`)).toBeUndefined();
    expect(decodeBase64urlStrict('QQ')?.toString()).toBe('A');
    expect(decodeBase64urlStrict('QR')).toBeUndefined();
    expect(signer.verify('cursor', token).ok).toBe(true);
  });

  it('knows the length of a token without signing it', () => {
    for (const payload of [
      {},
      { a: 1 },
      { api: 'listVirtualMachines', params: { name: 'ünïcode ✓' }, start: 12 },
    ]) {
      expect(signer.signedLength(payload)).toBe(signer.sign('cursor', payload).length);
    }
  });

  it('works across replicas that share the secret', () => {
    const token = new TokenSigner('shared').sign('cursor', { a: 1 });
    expect(new TokenSigner('shared').verify('cursor', token).ok).toBe(true);
  });

  it('binds confirmations to the API and parameters, and expires them', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    const issued = issueConfirmation(signer, 'deleteVolume', { id: 'v1' }, 60, undefined, now);
    expect(issued.expiresAt).toBe('2024-01-01T00:01:00.000Z');
    expect(useConfirmation(signer, issued.token, 'deleteVolume', { id: 'v2' }, undefined, now).ok).toBe(
      false,
    );
    expect(useConfirmation(signer, issued.token, 'deleteNetwork', { id: 'v1' }, undefined, now).ok).toBe(
      false,
    );
    const expired = useConfirmation(
      signer,
      issued.token,
      'deleteVolume',
      { id: 'v1' },
      undefined,
      now + 61_000,
    );
    expect(!expired.ok && expired.reason).toContain('expired');
    expect(
      useConfirmation(signer, issued.token, 'deleteVolume', { id: 'v1' }, undefined, now + 1000),
    ).toEqual({
      ok: true,
    });
  });

  it('takes a confirmation once, and only for the object it was issued for', () => {
    const target = { id: 'k1', name: 'deploy', fingerprint: 'aa:bb', created: '2024-01-01T00:00:00+0000' };
    const issued = issueConfirmation(signer, 'deleteSSHKeyPair', { name: 'deploy' }, 60, target);
    const use = (on: Record<string, unknown> | undefined, by = signer) =>
      useConfirmation(by, issued.token, 'deleteSSHKeyPair', { name: 'deploy' }, on);
    // Another replica with the same secret: the object was made again (new id and fingerprint), or is gone.
    const replica = new TokenSigner('test-secret');
    const remade = use({ ...target, id: 'k2', fingerprint: 'cc:dd' }, replica);
    expect(!remade.ok && remade.reason).toContain('made again');
    const gone = use(undefined, replica);
    expect(!gone.ok && gone.reason).toContain('cannot be found');
    // The first good use is taken; the same token again on this replica is refused, object or not.
    expect(use(target)).toEqual({ ok: true });
    const again = use(target);
    expect(!again.ok && again.reason).toContain('already used');
  });

  it('hashes the same call the same way however values are spelled', () => {
    expect(callHash('x', { expunge: true, id: 'a' })).toBe(callHash('x', { id: 'a', expunge: 'true' }));
    expect(callHash('x', { id: 'a' })).not.toBe(callHash('x', { id: 'b' }));
  });

  it('carries cursors', () => {
    const token = encodeCursor(signer, {
      api: 'listZones',
      params: { keyword: 'a' },
      start: 50,
      itemBytes: 1800,
    });
    expect(decodeCursor(signer, token)).toEqual({
      api: 'listZones',
      params: { keyword: 'a' },
      start: 50,
      itemBytes: 1800,
    });
    expect(() => decodeCursor(signer, `${token}x`)).toThrow(/invalid cursor/);
  });
});

describe('shape', () => {
  it('compacts and selects fields through nested lists', () => {
    const vm = {
      id: '1',
      name: 'a',
      tags: [],
      group: null,
      note: '',
      nic: [{ ipaddress: '10.0.0.1', mac: 'x' }, { ipaddress: '10.0.0.2' }],
    };
    expect(compact(vm)).toEqual({ id: '1', name: 'a', nic: vm.nic });
    expect(selectFields(vm, ['id', 'NAME', 'nic.ipaddress', 'missing'])).toEqual({
      id: '1',
      name: 'a',
      nic: [{ ipaddress: '10.0.0.1' }, { ipaddress: '10.0.0.2' }],
    });
  });

  it('finds list items, including CloudStack empty list {}', () => {
    expect(findListItems({ count: 2, zone: [{}, {}] })).toMatchObject({ count: 2, itemKey: 'zone' });
    expect(findListItems({})).toEqual({ count: 0, itemKey: undefined, items: [] });
    expect(findListItems({ capability: {} })).toBeUndefined();
    expect(unwrapJobResult({ virtualmachine: { id: 'x' } })).toEqual({ id: 'x' });
    expect(unwrapJobResult({ success: true })).toEqual({ success: true });
  });
});

describe('prepareParams', () => {
  const catalog: ApiCatalog = dumpCatalog();
  const entry = (name: string) => catalog.get(name)!;

  function problem(run: () => unknown): ToolError {
    try {
      run();
    } catch (error) {
      if (error instanceof ToolError) return error;
      throw error;
    }
    throw new Error('expected a ToolError');
  }

  it('suggests the right name for a typo', () => {
    const error = problem(() => prepareParams(entry('listVirtualMachines'), { zoneidd: 'x' }));
    expect(error.kind).toBe('invalid_params');
    expect(error.message).toContain('zoneidd (did you mean zoneid');
  });

  it('refuses __proto__, constructor and prototype by name, also inside indexed map keys (the CLI path)', () => {
    for (const name of [
      '__proto__',
      'constructor',
      'tags[0].__proto__',
      '__proto__[0].key',
      'tags[0].prototype',
    ]) {
      const given = Object.defineProperty({ resourceids: 'a', resourcetype: 'UserVm' }, name, {
        value: 'x',
        enumerable: true,
      });
      const error = problem(() => prepareParams(entry('createTags'), given));
      expect(error.kind, name).toBe('invalid_params');
      expect(error.details.unknownParams, name).toEqual([name]);
      expect(error.message, name).toContain(`${name} (unknown parameter)`);
    }
  });

  it('names missing required parameters with their type and meaning', () => {
    const error = problem(() => prepareParams(entry('deployVirtualMachine'), { templateid: 't' }));
    expect(error.message).toMatch(
      /missing required parameters serviceofferingid \(uuid: .+\); zoneid \(uuid/,
    );
  });

  it('coerces values to the declared types and folds indexed map keys', () => {
    const params = prepareParams(entry('listVirtualMachines'), { page: '2', listall: 'true', ZONEID: 5 });
    expect(params).toEqual({ page: 2, listall: true, zoneid: '5' });
    const tags = prepareParams(entry('createTags'), {
      resourceids: 'a,b',
      resourcetype: 'UserVm',
      'tags[0].key': 'env',
      'tags[0].value': 'prod',
    });
    expect(tags).toEqual({
      resourceids: ['a', 'b'],
      resourcetype: 'UserVm',
      tags: [{ key: 'env', value: 'prod' }],
    });
  });

  it('answers {} for no parameters without its schema, and still names missing required ones', () => {
    for (const given of [undefined, {}, { id: null }]) {
      expect(prepareParams(entry('listZones'), given as Record<string, unknown> | undefined)).toEqual({});
    }
    const error = problem(() => prepareParams(entry('deployVirtualMachine'), {}));
    expect(error.details.missingParams).toEqual(['templateid', 'serviceofferingid', 'zoneid']);
  });
});

describe('list envelope', () => {
  it("counts the answer's envelope as serialising it would, for any API name", () => {
    for (const api of ['listZones', 'listVirtualMachinesMetrics', 'x']) {
      const whole = JSON.stringify({
        api,
        status: 'done',
        count: Number.MAX_SAFE_INTEGER,
        returned: Number.MAX_SAFE_INTEGER,
        items: [],
        nextCursor: '',
        hint: 'cut at the answer size budget: pass fields to get more items per call',
      });
      expect(envelopeBytes(api), api).toBe(Buffer.byteLength(whole));
    }
  });
});

describe('answer byte budget', () => {
  it('is read from the flag, else MCP_MAX_ANSWER_BYTES, else 64 KiB, and refuses nonsense', () => {
    expect(maxAnswerBytes(undefined, undefined)).toBe(65536);
    expect(maxAnswerBytes(undefined, ' 200000 ')).toBe(200000);
    expect(maxAnswerBytes(8192, '200000')).toBe(8192);
    expect(() => maxAnswerBytes(undefined, '12')).toThrow(/MCP_MAX_ANSWER_BYTES/);
    expect(() => maxAnswerBytes(undefined, 'lots')).toThrow(/whole number/);
  });

  it('keeps items while they fit and refuses a first item that cannot', () => {
    const budget = new ItemBudget(30, 30, 'listThings');
    expect(budget.add({ id: 'a' })).toBe(true); // 10 bytes + brackets
    expect(budget.add({ id: 'b' })).toBe(true); // 11 with the comma
    expect(budget.add({ id: 'c' })).toBe(false);
    expect(budget.full).toBe(true);
    expect(budget.items).toHaveLength(2);
    expect(JSON.stringify(budget.items).length).toBeLessThanOrEqual(30);
    expect(() => new ItemBudget(30, 30, 'listThings').add({ id: 'x'.repeat(40) })).toThrow(
      expect.objectContaining({ kind: 'too_large' }),
    );
  });
});
