// Reads request parameters the way CloudStack's servlet container does: query string and form body are
// merged, `+` is a space, `%XX` sequences are UTF-8, and for a name given twice the first value counts.

export class MalformedRequestError extends Error {}

/** Parameters as sent: names keep their case (the signature is computed over them). */
export type RawParams = Map<string, string>;

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new MalformedRequestError(`malformed percent-encoding in "${text}"`);
  }
}

/** Adds `a=1&b=2` pairs to `into`, keeping the first value of a repeated name. */
export function addFormEncoded(text: string, into: RawParams): void {
  if (text === '') return;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    if (name !== '' && !into.has(name)) into.set(name, value);
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}
