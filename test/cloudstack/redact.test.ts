import { describe, expect, it } from 'vitest';
import {
  isSensitiveKey,
  maskedJson,
  maskSecrets,
  REDACTED,
  redactSecrets,
  redactText,
  secretsPattern,
} from '../../src/cloudstack/redact.js';
import { javaUrlEncode } from '../../src/cloudstack/sign.js';

describe('redactSecrets', () => {
  it('masks secret-bearing keys deeply and keeps everything else', () => {
    const listUsers = {
      count: 1,
      user: [
        {
          id: 'u-1',
          username: 'admin',
          apikey: 'AK-123',
          secretkey: 'SK-456',
          password: 'pw',
          passwordenabled: true,
          usersource: 'native',
          nested: {
            sessionKey: 'sess',
            private_key: 'pk',
            'details[0].password': 'x',
            list: [{ signature: 'sig' }],
          },
        },
      ],
    };
    const out = redactSecrets(listUsers);
    expect(out.user[0]).toEqual({
      id: 'u-1',
      username: 'admin',
      apikey: REDACTED,
      secretkey: REDACTED,
      password: REDACTED,
      passwordenabled: true,
      usersource: 'native',
      nested: {
        sessionKey: REDACTED,
        private_key: REDACTED,
        'details[0].password': REDACTED,
        list: [{ signature: REDACTED }],
      },
    });
    expect(listUsers.user[0]!.apikey).toBe('AK-123'); // input untouched
  });

  it('leaves userdata unless asked, and survives cycles', () => {
    const value: Record<string, unknown> = { userdata: 'I2Nsb3VkLWNvbmZpZw==', name: 'vm' };
    value.self = value;
    expect(redactSecrets(value)).toMatchObject({ userdata: 'I2Nsb3VkLWNvbmZpZw==', self: '[Circular]' });
    expect(redactSecrets(value, { extraKeys: ['userData'] })).toMatchObject({ userdata: REDACTED });
  });

  it('knows which names are sensitive', () => {
    for (const key of [
      'apiKey',
      'apikey',
      'secretkey',
      'SecretKey',
      'password',
      'currentpassword',
      'vncPassword',
      'sessionkey',
      'privatekey',
      'signature',
      'Authorization',
      'Cookie',
      // A remote access VPN's IPsec key (createRemoteAccessVpn, listRemoteAccessVpns) and a Kubernetes
      // cluster's kubeconfig with its client credentials (getKubernetesClusterConfig).
      'presharedkey',
      'configdata',
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of [
      'name',
      'id',
      'account',
      'keyword',
      'keypair',
      'fingerprint',
      'publickey',
      'userdata',
    ]) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });
});

describe('redactText', () => {
  it('masks known secrets, also URL-encoded, and named pairs', () => {
    const secret = 'p@ss word/+=';
    const text =
      `failed for p@ss word/+= and ${encodeURIComponent(secret)}; ` +
      'GET /client/api?command=listZones&apiKey=AAAA&signature=abc%2Bdef&sessionkey=xyz ' +
      '{"password": "hidden", "secretkey":"zzz"} Cookie: JSESSIONID=123; sessionkey=456';
    const out = redactText(text, [secret, undefined, 'ab']);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    for (const leaked of ['AAAA', 'abc%2Bdef', 'xyz', 'hidden', 'zzz', '123', '456'])
      expect(out).not.toContain(leaked);
    expect(out).toContain('command=listZones');
    expect(out).toContain(`apiKey=${REDACTED}`);
    expect(out).toContain('failed for [REDACTED] and [REDACTED]');
  });

  it('masks a secret in the form the client sends it (Java URLEncoder: `*` kept, `~` escaped)', () => {
    const secret = 'pa*ss~word';
    const sent = javaUrlEncode(secret);
    expect(sent).toBe('pa*ss%7Eword');
    expect(redactText(`echoed ${sent} back`, [secret])).toBe(`echoed ${REDACTED} back`);
  });

  it('leaves ordinary text and too-short "secrets" alone', () => {
    expect(redactText('passwordenabled=true; the abc went home', ['abc'])).toBe(
      'passwordenabled=true; the abc went home',
    );
  });

  it('compiles the pattern once per set of secrets, and still sees a set that changed', () => {
    const first = secretsPattern(['api-key-1234', 'secret-5678']);
    // A fresh array with the same values (the client builds one per request) reuses the pattern.
    expect(secretsPattern(['api-key-1234', 'secret-5678', undefined, 'ab'])).toBe(first);
    expect(secretsPattern(['api-key-1234'])).not.toBe(first);
    expect(secretsPattern([undefined, 'ab'])).toBeNull();

    // The server's list grows after login (the user's keys join it): the new one is masked too.
    const secrets: (string | undefined)[] = ['bearer-token-0000'];
    expect(redactText('key user-key-9999', secrets)).toBe('key user-key-9999');
    secrets.push('user-key-9999');
    expect(redactText('key user-key-9999', secrets)).toBe(`key ${REDACTED}`);

    // Many different sets (new session keys) neither break masking nor keep every pattern.
    for (let i = 0; i < 200; i++)
      expect(redactText(`s=session-${i}x`, [`session-${i}x`])).toBe(`s=${REDACTED}`);
    expect(redactText('again secret-5678', ['api-key-1234', 'secret-5678'])).toBe(`again ${REDACTED}`);
  });
});

describe('maskSecrets', () => {
  it('masks known secrets inside values and keys, and secret-named fields, without touching other text', () => {
    const secret = "k3y with~odd!'()*chars";
    const value = {
      displayname: `root password:"hunter2" ${secret}`,
      url: `https://x/?apiKey=${encodeURIComponent(secret)}&b=${javaUrlEncode(secret)}`,
      [secret]: 1,
      secretkey: 'anything',
      count: 2,
    };
    const out = maskSecrets(value, [secret]);
    expect(out).toEqual({
      displayname: `root password:"hunter2" ${REDACTED}`,
      url: `https://x/?apiKey=${REDACTED}&b=${REDACTED}`,
      [REDACTED]: 1,
      secretkey: REDACTED,
      count: 2,
    });
    // Still one valid JSON text, whatever the values held.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('masks password pairs in free text only when asked, inside the string', () => {
    const report = { kind: 'not_found', message: 'no VM named root password:"hunter2"' };
    const out = maskSecrets(report, [], { namedPairs: true });
    expect(out.message).toBe(`no VM named root password:"${REDACTED}"`);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('keeps an object that appears twice (not a cycle) and own __proto__ keys as data', () => {
    const shared = { id: 'x' };
    const parsed = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as Record<string, unknown>;
    const out = maskSecrets({ first: shared, second: shared, parsed }, []);
    expect(out.second).toEqual({ id: 'x' });
    expect(Object.keys(out.parsed)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(out.parsed)).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('finds what to mask however deep it is, and hands back an answer with nothing to mask as it is', () => {
    const secret = 'S3cretValue-123456';
    const clean = { items: [{ id: 'a', tags: [{ key: 'k', value: 'v' }], ok: true }], count: 1 };
    expect(maskSecrets(clean, [secret])).toBe(clean);
    const deepSecret = { items: [{ tags: [{ key: 'k', value: `x ${secret}` }] }] };
    expect(maskSecrets(deepSecret, [secret])).toEqual({
      items: [{ tags: [{ key: 'k', value: `x ${REDACTED}` }] }],
    });
    const deepKey = { items: [{ user: { apikey: 'abc', passwordenabled: true } }] };
    expect(maskSecrets(deepKey, [secret])).toEqual({
      items: [{ user: { apikey: REDACTED, passwordenabled: true } }],
    });
    const cyclic: Record<string, unknown> = { id: 'c' };
    cyclic.self = cyclic;
    expect(maskSecrets(cyclic, [secret])).toEqual({ id: 'c', self: '[Circular]' });
    class Shaped {
      name = 'n';
    }
    const out = maskSecrets({ shaped: new Shaped() }, [secret]);
    expect(Object.getPrototypeOf(out.shaped)).toBe(Object.prototype);
    expect(out.shaped).toEqual({ name: 'n' });
  });
});

describe('maskedJson', () => {
  const key = 'k'.repeat(40);
  const secret = 's'.repeat(40);

  it('gives the value itself and its JSON when nothing needs masking', () => {
    const value = { api: 'listZones', rows: [['z1', 'Sim-Basic']], zonetokenish: 1 };
    const out = maskedJson({ ...value }, [key, secret]);
    expect(out.value).toEqual(value);
    expect(out.text).toBe(JSON.stringify(value));
  });

  it('masks as maskSecrets does: a known secret anywhere, a sensitive key in any spelling', () => {
    const cases: unknown[] = [
      { note: `key is ${key}` },
      { [`x${secret}`]: 1 },
      { user: { Pass_Word: 'hunter22' } },
      { list: [{ 'api.Key': 'abc' }] },
      // The Kelvin sign lowercases to k: a sensitive name no ASCII pattern sees.
      { ['api\u212AEY']: 'abc' },
    ];
    for (const value of cases) {
      const expected = maskSecrets(value, [key, secret]);
      const out = maskedJson(value, [key, secret]);
      expect(out.value, JSON.stringify(value)).toEqual(expected);
      expect(out.text).toBe(JSON.stringify(expected));
      expect(out.text).toContain(REDACTED);
    }
  });

  it('finds every sensitive key in the JSON, whatever the keys and values around it hold', () => {
    const cases: unknown[] = [
      { 'x"password': 'v' },
      { 'password"': 'v' },
      { 'a\\': { token: 't' } },
      { note: 'a":"b', nested: [{ '': 1 }, { 'x\\":': { secretkey: 's' } }] },
      { summary: 'deleteUser {"password":"x"}', user: { id: 'u' } },
      { 'pass"word': 'v', list: [[{ 'k\n': { sessionkey: 'k' } }]] },
      { words: 'apikey password token', plain: { id: 1 } },
    ];
    for (const value of cases) {
      const expected = maskSecrets(value, [key]);
      const out = maskedJson(value, [key]);
      expect(out.value, JSON.stringify(value)).toEqual(expected);
      expect(out.text).toBe(JSON.stringify(expected));
    }
    // Sensitive words in values alone change nothing, and the value comes back as it is.
    const words = { words: 'apikey password token', plain: { id: 1 } };
    expect(maskedJson(words, [key]).value).toBe(words);
  });

  it('takes the walk for a secret JSON would escape, and for a cycle', () => {
    const quoted = 'sec"ret\\value';
    const value = { note: `it is ${quoted}` };
    const out = maskedJson(value, [quoted]);
    expect(out.value).toEqual({ note: `it is ${REDACTED}` });
    expect(out.text).toBe(JSON.stringify({ note: `it is ${REDACTED}` }));
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(JSON.parse(maskedJson(cyclic, []).text)).toEqual({ name: 'a', self: '[Circular]' });
  });
});
