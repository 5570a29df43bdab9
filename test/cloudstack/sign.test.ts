import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudStackClient } from '../../src/cloudstack/client.js';
import { encodeParams } from '../../src/cloudstack/encode.js';
import {
  javaUrlEncode,
  signatureBaseString,
  signedQueryString,
  signParams,
  toQueryString,
} from '../../src/cloudstack/sign.js';
import {
  type FakeServer,
  javaUrlEncoderReference,
  referenceSignature,
  sendError,
  sendOk,
  startServer,
  UNAUTHORIZED,
  verifySigned,
} from './fake-server.js';

const API_KEY = 'test-api-key-0123456789';
const SECRET = 'test-secret-key-abcdefghij';

// Values the issue names: spaces, *, ~, !'(), unicode, +, &, =.
const SPECIAL_VALUES = [
  'hello world',
  'a*b',
  'tilde~here',
  "bang! quote' (parens)",
  'unicodé 中文 😀',
  'plus+sign',
  'amp&and=equals',
  '100% sure; #hash /slash ?q',
];

describe('javaUrlEncode', () => {
  it('matches Java URLEncoder (space as %20) byte for byte', () => {
    for (const value of [...SPECIAL_VALUES, '.-*_', 'AZaz09', '\u00a0\u2028']) {
      expect(javaUrlEncode(value)).toBe(javaUrlEncoderReference(value).replace(/\+/g, '%20'));
    }
    expect(javaUrlEncode("~!'()* +&=")).toBe('%7E%21%27%28%29*%20%2B%26%3D');
  });

  it('agrees with the reference on arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(javaUrlEncode(value)).toBe(javaUrlEncoderReference(value).replace(/\+/g, '%20'));
      }),
    );
  });
});

describe('signParams', () => {
  it('follows the documented algorithm, computed by hand with node:crypto', () => {
    const params = {
      command: 'listTemplates',
      templatefilter: 'featured',
      templateId: 'abc',
      keyword: "it's a (big) test!",
      response: 'json',
      apiKey: API_KEY,
    };
    // Java's Collections.sort: 'I' (0x49) < 'f' (0x66), so templateId precedes templatefilter; sorting
    // lowercased names would put templatefilter first.
    const base =
      `apikey=${API_KEY}&command=listtemplates&keyword=it%27s%20a%20%28big%29%20test%21&response=json` +
      '&templateid=abc&templatefilter=featured';
    expect(signatureBaseString(params)).toBe(base.toLowerCase());
    const byHand = createHmac('sha1', SECRET).update(base.toLowerCase()).digest('base64');
    expect(signParams(params, SECRET)).toBe(byHand);
    const lowercaseSorted = Object.keys(params)
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      .join(',');
    expect(lowercaseSorted.indexOf('templatefilter')).toBeLessThan(lowercaseSorted.indexOf('templateId'));
  });

  it('ignores an existing signature parameter and sorts names as sent', () => {
    const params = { b: '1', a: '2', B: '3', signature: 'x' };
    expect(signatureBaseString(params)).toBe('b=3&a=2&b=1'); // B < a < b, then lowercased
  });

  it('agrees with the reference implementation for arbitrary parameters', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 20 })), (params) => {
        expect(signParams(params, SECRET)).toBe(referenceSignature(params, SECRET));
      }),
    );
  });

  it('signedQueryString (one pass) travels exactly what signing and encoding separately would', () => {
    const twoPasses = (params: Record<string, string>) =>
      toQueryString({ ...params, signature: signParams(params, SECRET) });
    const name = fc.oneof(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/),
      fc.constantFrom('tags[0].key', 'details[1].cpuNumber', 'signature', 'Signature', 'a', 'a.b', 'A'),
    );
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 20 })), (params) => {
        expect(signedQueryString(params, SECRET)).toBe(twoPasses(params));
      }),
    );
    const special = { command: 'listZones', name: SPECIAL_VALUES.join('|'), 'tags[0].key': 'env' };
    expect(signedQueryString(special, SECRET)).toBe(twoPasses(special));
  });

  it('travels URL-encoded: the query decodes back to exactly the signed values', () => {
    const params = { command: 'listZones', name: SPECIAL_VALUES.join('|'), 'tags[0].key': 'env' };
    const query = toQueryString({ ...params, signature: signParams(params, SECRET) });
    expect(query).not.toMatch(/[ +/[\]]/); // signature's + / = and the brackets are all escaped
    const decoded = Object.fromEntries(new URLSearchParams(query));
    expect(decoded).toEqual({ ...params, signature: signParams(params, SECRET) });
  });
});

describe('signatures against csclient (npm) and a verifying server', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const command = req.params.command ?? 'unknown';
      if (!verifySigned(req.params, API_KEY, SECRET)) return sendError(res, command, 401, 4350, UNAUTHORIZED);
      return sendOk(res, command, { count: 1, echo: [req.params] });
    });
  });
  afterAll(() => server.close());

  const require = createRequire(import.meta.url);
  const CsClient = require('csclient') as new (
    options: Record<string, unknown>,
  ) => {
    executeSync(
      command: string,
      params: Record<string, unknown>,
      cb: (err: unknown, res: unknown) => void,
    ): void;
  };

  function callCsclient(command: string, params: Record<string, unknown>): Promise<unknown> {
    const cs = new CsClient({ apiKey: API_KEY, secretKey: SECRET, baseUrl: `${server.url}?` });
    return new Promise((resolve, reject) =>
      cs.executeSync(command, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  }

  // csclient encodes with qs (RFC 3986), which differs from Java's URLEncoder only on `~` and `*`:
  // for every other value both must produce the same signature.
  const SHARED_VALUES = SPECIAL_VALUES.filter((v) => !/[~*]/.test(v));

  it('computes the same signature as csclient for the same parameters and expires', async () => {
    const userParams = {
      templatefilter: 'featured',
      templateId: 'tmpl-1',
      keyword: SHARED_VALUES.join(' | '),
      name: "bang! quote' (parens)",
      tags: [
        { key: 'env', value: 'prod & test' },
        { key: 'owner', value: 'ünïcode+plus' },
      ],
    };
    await callCsclient('listTemplates', { ...userParams });
    const received = server.requests.at(-1)!.params;
    expect(received.signature).toBeTruthy();
    expect(received.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    // Same user parameters through our encoder, plus csclient's own apiKey/command/response/expires.
    const ours = {
      ...encodeParams(userParams),
      command: 'listTemplates',
      response: 'json',
      apiKey: API_KEY,
      signatureversion: '3',
      expires: received.expires!,
    };
    const { signature, ...withoutSignature } = received;
    expect(ours).toEqual(withoutSignature);
    expect(signParams(ours, SECRET)).toBe(signature);
    expect(verifySigned(received, API_KEY, SECRET)).toBe(true);
  });

  it('for ~ and * csclient diverges from the server rule while this signer follows it', async () => {
    for (const value of ['tilde~here', 'a*b']) {
      await expect(callCsclient('listZones', { name: value })).rejects.toMatchObject({ code: 401 });
      const received = server.requests.at(-1)!.params;
      expect(signParams(received, SECRET)).not.toBe(received.signature);
      expect(signParams(received, SECRET)).toBe(referenceSignature(received, SECRET));
    }
  });

  it('the client is accepted by the verifying server for every special value, GET and POST', async () => {
    const client = new CloudStackClient({ apiUrl: server.url, apiKey: API_KEY, secretKey: SECRET });
    try {
      for (const method of ['GET', 'POST'] as const) {
        for (const value of SPECIAL_VALUES) {
          const response = await client.request<{ echo: Record<string, string>[] }>(
            'listTemplates',
            { templatefilter: 'all', templateId: value, keyword: value, tags: [{ key: value, value }] },
            { method },
          );
          expect(response.echo[0]).toMatchObject({
            templateId: value,
            keyword: value,
            'tags[0].value': value,
          });
          expect(server.requests.at(-1)!.method).toBe(method);
        }
      }
    } finally {
      await client.close();
    }
  });

  it('a wrong secret is refused with CloudStack 401', async () => {
    const client = new CloudStackClient({
      apiUrl: server.url,
      apiKey: API_KEY,
      secretKey: 'wrong-secret-key',
    });
    await expect(client.request('listZones')).rejects.toMatchObject({
      name: 'CloudStackApiError',
      httpStatus: 401,
      errorText: UNAUTHORIZED,
    });
    await client.close();
  });

  it('legacy unversioned signature sends no expires', async () => {
    const client = new CloudStackClient({
      apiUrl: server.url,
      apiKey: API_KEY,
      secretKey: SECRET,
      signatureVersion: 1,
    });
    await client.request('listZones');
    const received = server.requests.at(-1)!.params;
    expect(received.signatureversion).toBeUndefined();
    expect(received.expires).toBeUndefined();
    await client.close();
  });
});
