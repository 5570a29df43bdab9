// Reading CloudStack's answer: `{"<command lowercased>response": {...}}`, errors inside that key with
// errorcode (= HTTP status), cserrorcode and errortext. Some commands answer under another key (login →
// `loginresponse`, some errors → `errorresponse`): the general rule is the single key ending in "response".
import { CloudStackApiError, CloudStackResponseFormatError } from './errors.js';
import { redactText } from './redact.js';
import type { HttpResponse } from './transport.js';

const SNIPPET_LENGTH = 200;

/** A short, one-line, secret-free view of a body that is not CloudStack's JSON. */
export function bodySnippet(body: string, secrets: readonly (string | undefined)[]): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  // Masked before it is cut: a secret cut in two would no longer match the mask.
  const masked = redactText(text, secrets);
  return masked.length > SNIPPET_LENGTH ? `${masked.slice(0, SNIPPET_LENGTH)}…` : masked;
}

function wrapperKey(command: string, body: Record<string, unknown>): string | undefined {
  const expected = `${command.toLowerCase()}response`;
  if (expected in body) return expected;
  const candidates = Object.keys(body).filter((key) => key.toLowerCase().endsWith('response'));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function formatError(command: string, response: HttpResponse, secrets: readonly (string | undefined)[]) {
  const { status, body, contentType } = response;
  const trimmed = body.trim();
  let problem: string;
  let snippet = bodySnippet(trimmed, secrets);
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    let where = '';
    if (typeof location === 'string') {
      try {
        const url = new URL(location, 'http://relative.invalid');
        where = url.host === 'relative.invalid' ? ` to ${url.pathname}` : ` to ${url.origin}${url.pathname}`;
      } catch {
        // an unreadable Location is left out
      }
    }
    problem = `the server redirected${where} instead of answering (a login page or SSO in front of CloudStack?)`;
    snippet = '';
  } else if (trimmed === '') {
    problem = 'the server answered with an empty body, not CloudStack JSON';
  } else if (/^<(!doctype|html|\?xml|head|body)/i.test(trimmed) || contentType?.includes('html')) {
    problem = 'the server answered with an HTML page, not CloudStack JSON (a proxy or login page?)';
  } else if (trimmed.startsWith('{')) {
    problem = 'the server answered with JSON that is not a CloudStack response';
  } else {
    problem = 'the server answered with something that is not CloudStack JSON';
  }
  return new CloudStackResponseFormatError({ command, httpStatus: status, contentType, snippet, problem });
}

/**
 * The unwrapped `<command>response` object, or a CloudStackApiError (CloudStack's error), or a
 * CloudStackResponseFormatError (anything else).
 */
export function parseCloudStackResponse(
  command: string,
  response: HttpResponse,
  secrets: readonly (string | undefined)[],
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    throw formatError(command, response, secrets);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw formatError(command, response, secrets);
  }
  const key = wrapperKey(command, parsed as Record<string, unknown>);
  const inner = key === undefined ? undefined : (parsed as Record<string, unknown>)[key];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw formatError(command, response, secrets);
  }
  const fields = inner as Record<string, unknown>;
  const hasError = fields.errorcode !== undefined && fields.errortext !== undefined;
  if (response.status >= 400 || hasError) {
    const errorText =
      typeof fields.errortext === 'string' && fields.errortext !== ''
        ? fields.errortext
        : `HTTP ${response.status} without an errortext`;
    throw new CloudStackApiError({
      command,
      httpStatus: response.status,
      errorCode: asNumber(fields.errorcode),
      csErrorCode: asNumber(fields.cserrorcode),
      errorText: redactText(errorText, secrets),
      uuidList: Array.isArray(fields.uuidList) ? fields.uuidList.map(String) : [],
    });
  }
  return fields;
}
