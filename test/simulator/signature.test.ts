import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  javaUrlEncode,
  parseExpires,
  stringToSign,
  verifySignature,
} from '../../src/simulator/http/signature.js';
import { sign } from './helpers.js';

describe('signature verification (server side)', () => {
  it('re-encodes values like java.net.URLEncoder, with %20 for spaces', () => {
    expect(javaUrlEncode('a b')).toBe('a%20b');
    expect(javaUrlEncode("~!'()*-._")).toBe('%7E%21%27%28%29*-._');
    expect(javaUrlEncode('é/+=&')).toBe('%C3%A9%2F%2B%3D%26');
  });

  it('sorts names in plain string order, so templateId comes before templatefilter', () => {
    const text = stringToSign(
      new Map([
        ['templatefilter', 'featured'],
        ['templateId', 'x'],
        ['command', 'listTemplates'],
        ['signature', 'ignored'],
      ]),
    );
    expect(text).toBe('command=listtemplates&templateid=x&templatefilter=featured');
  });

  it('agrees with an independent signer', () => {
    const params = {
      command: 'deployVirtualMachine',
      name: "it's a (test) ~",
      'tags[0].key': 'env',
      apiKey: 'KEY',
    };
    expect(computeSignature(new Map(Object.entries(params)), 'secret')).toBe(sign(params, 'secret'));
  });

  it('accepts the expires formats clients send and rejects others', () => {
    expect(parseExpires('2030-01-02T03:04:05+0000')?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(parseExpires('2030-01-02T03:04:05Z')?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(parseExpires('2030-01-02T03:04:05.250+01:00')?.toISOString()).toBe('2030-01-02T02:04:05.250Z');
    expect(parseExpires('2030-01-02 03:04:05')).toBeUndefined();
    expect(parseExpires('tomorrow')).toBeUndefined();
  });

  it('fails version 3 requests whose expires is missing or past', () => {
    const base = { command: 'listZones', apiKey: 'K', signatureversion: '3' };
    const now = new Date('2030-01-01T00:00:00Z');
    const future = { ...base, expires: '2030-01-01T00:05:00+0000' };
    const past = { ...base, expires: '2029-12-31T23:55:00+0000' };
    const signed = (p: Record<string, string>) => new Map(Object.entries({ ...p, signature: sign(p, 'S') }));
    expect(verifySignature(signed(future), 'S', now)).toBe(true);
    expect(verifySignature(signed(past), 'S', now)).toBe(false);
    expect(verifySignature(signed(base), 'S', now)).toBe(false);
    expect(verifySignature(signed(future), 'other secret', now)).toBe(false);
  });
});
