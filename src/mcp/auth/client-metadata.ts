// Client ID Metadata Documents (MCP authorization 2025-11-25; draft-ietf-oauth-client-id-metadata-document):
// a client may use an https URL as its client_id, whose JSON document names its redirect URIs. The SDK's
// client uses one when the server's metadata says `client_id_metadata_document_supported` and the client
// has a `clientMetadataUrl`. Fetching a URL a caller names is a request-forgery path into the network the
// server runs in, so: https only, on port 443 or any port of a public address; the host's addresses are
// resolved first and every one must be public (no loopback, private, link-local, CGNAT, multicast, ...);
// the connection goes to the address checked (no second lookup a rebinding DNS could answer differently);
// no redirects, 5 s, 8 KiB at most; documents kept 5 minutes.
import { lookup } from 'node:dns/promises';
import { request } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface ClientMetadata {
  /** Redirect URIs. */
  r: string[];
  /** Name shown on the sign-in page. */
  n: string;
}

const MAX_BYTES = 8 * 1024;
const TIMEOUT_MS = 5_000;
const KEEP_MS = 5 * 60_000;

/** Addresses a metadata fetch must never reach. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/**
 * Whether an address is one a metadata fetch may connect to. IPv4-mapped IPv6 is checked as IPv4 (a
 * ::ffff:0:0/96 rule would not do: BlockList checks IPv4 addresses against IPv6 rules as mapped ones).
 */
export function publicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return !blocked.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family === 6) return !blocked.check(address, 'ipv6');
  return false;
}

/** A client_id that names a metadata document: an https URL with a path, no fragment, no credentials. */
export function isMetadataUrl(clientId: unknown): clientId is string {
  if (typeof clientId !== 'string' || !clientId.startsWith('https://') || clientId.length > 2000)
    return false;
  try {
    const url = new URL(clientId);
    return url.pathname !== '/' && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

export type MetadataFetch = (url: string) => Promise<unknown>;

/** GET the document from a checked public address. Rejects on anything else. */
export const fetchMetadataDocument: MetadataFetch = async (text) => {
  const url = new URL(text);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  if (addresses.length === 0 || !addresses.every((entry) => publicAddress(entry.address))) {
    throw new Error('the client metadata host is not a public address');
  }
  const pinned = addresses[0] as { address: string; family: number };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeout: TIMEOUT_MS,
        // The connection goes to the address just checked, not to a second answer of the DNS.
        lookup: ((_name: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (options.all) callback(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        }) as unknown as LookupFunction,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`the client metadata document answered ${res.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            req.destroy(new Error('the client metadata document is too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('the client metadata document is not JSON'));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('the client metadata document took too long')));
    req.on('error', reject);
    req.end();
  });
};

/** Reads and checks client metadata documents, keeping each a few minutes. */
export class ClientMetadataDocuments {
  private readonly kept = new Map<string, { until: number; metadata: ClientMetadata | undefined }>();

  constructor(
    private readonly acceptableRedirect: (uri: unknown) => boolean,
    private readonly fetch: MetadataFetch = fetchMetadataDocument,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client's metadata, or undefined when the document cannot be read or is not acceptable. */
  async get(url: string): Promise<ClientMetadata | undefined> {
    const at = this.now();
    const known = this.kept.get(url);
    if (known && known.until > at) return known.metadata;
    let metadata: ClientMetadata | undefined;
    try {
      metadata = this.check(url, await this.fetch(url));
    } catch {
      metadata = undefined;
    }
    if (this.kept.size >= 1000) this.kept.clear();
    this.kept.set(url, { until: at + KEEP_MS, metadata });
    return metadata;
  }

  private check(url: string, document: unknown): ClientMetadata | undefined {
    if (!document || typeof document !== 'object' || Array.isArray(document)) return undefined;
    const doc = document as Record<string, unknown>;
    // The document must name itself: a URL cannot speak for another client.
    if (doc.client_id !== url) return undefined;
    const uris = doc.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.length > 10) return undefined;
    if (!uris.every((uri) => this.acceptableRedirect(uri))) return undefined;
    const method = doc.token_endpoint_auth_method ?? 'none';
    if (method !== 'none') return undefined;
    const host = new URL(url).host;
    const name =
      typeof doc.client_name === 'string' && doc.client_name.trim()
        ? doc.client_name.trim().slice(0, 100)
        : host;
    return { r: uris as string[], n: name === host ? host : `${name} (${host})` };
  }
}
