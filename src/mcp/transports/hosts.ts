// Host and Origin values for the DNS-rebinding guard, parsed as a browser parses them (the WHATWG URL
// parser: `127.1` and `0x7f.1` are 127.0.0.1, `[::ffff:127.0.0.1]` is IPv4-mapped), never by looking at
// how the text starts: `127.evil.example` and `127.0.0.1.nip.io` are names that DNS can point anywhere.
//
// Loopback is an IP literal in 127.0.0.0/8 or ::1 (IPv4-mapped included), or the name `localhost`.
// Names under `.localhost` are not: RFC 6761 says they resolve to loopback, and Chrome and Firefox do
// that themselves, but not every resolver does, so one may still go to DNS (a corporate resolver or a
// hosts file); accepting only the exact name keeps the rule true everywhere. Add such a name with
// --allowed-hosts / --allowed-origins when you use one.
import { BlockList, isIP } from 'node:net';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');

export interface ParsedHost {
  /** Lower case, as a browser writes it: `localhost`, `127.0.0.1`, `[::1]`, `example.com`. */
  hostname: string;
  /** hostname plus `:port` unless the port is the scheme's default: what same-origin compares. */
  host: string;
  /** An IP literal rather than a name (DNS rebinding needs a name). */
  ip: boolean;
  loopback: boolean;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** A bind address or host name (`127.0.0.1`, `::1`, `[::1]`, `localhost`, `0.0.0.0`) is loopback. */
export function isLoopbackName(name: string): boolean {
  const address = bare(name.trim().toLowerCase());
  if (address === 'localhost') return true;
  const family = isIP(address);
  if (family === 0) return false;
  return loopbackAddresses.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function describe(url: URL): ParsedHost {
  const hostname = url.hostname.toLowerCase();
  const ip = isIP(bare(hostname)) !== 0;
  return { hostname, host: url.host.toLowerCase(), ip, loopback: isLoopbackName(hostname) };
}

/**
 * A Host header (`name[:port]`, `[v6]:port`), or undefined when it is not one. Only a host and a port
 * pass: user info, a path or anything else URL parsing would quietly drop (`evil@127.0.0.1`) is refused.
 */
export function parseHostHeader(value: string): ParsedHost | undefined {
  if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::\d{1,5})?$/i.test(value.trim())) return undefined;
  try {
    return describe(new URL(`http://${value.trim()}`));
  } catch {
    return undefined;
  }
}

/** An Origin header (`http://name[:port]`), or undefined for `null`, other schemes and garbage. */
export function parseOrigin(value: string): ParsedHost | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return describe(url);
}
