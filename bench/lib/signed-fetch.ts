// What the floors' one tool does for a call: sign the URL callApi signs for an API (for a list API, the
// first window's page=1&pagesize=50; a version-3 signature with `expires` five minutes ahead, as the client
// signs) and fetch it with node:http keep-alive, answering the body's text. Reads CLOUDSTACK_API_URL /
// _API_KEY / _SECRET_KEY like `serve`.
import http from 'node:http';
import { formatCloudStackDate } from '../../src/cloudstack/encode.js';
import { signedQueryString } from '../../src/cloudstack/sign.js';

const apiUrl = process.env.CLOUDSTACK_API_URL ?? '';
const apiKey = process.env.CLOUDSTACK_API_KEY ?? '';
const secretKey = process.env.CLOUDSTACK_SECRET_KEY ?? '';
const agent = new http.Agent({ keepAlive: true });

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** CloudStack's answer to `api`, as text, fetched the way callApi fetches it by default. */
export function fetchSigned(api: string): Promise<string> {
  const paging: Record<string, string> = api.toLowerCase().startsWith('list')
    ? { page: '1', pagesize: '50' }
    : {};
  const expires = formatCloudStackDate(new Date(Date.now() + 5 * 60_000));
  const query = signedQueryString(
    Object.assign(paging, { command: api, response: 'json', apiKey, signatureversion: '3', expires }),
    secretKey,
  );
  return fetchText(`${apiUrl}?${query}`);
}
