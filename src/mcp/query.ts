// `query`: a JMESPath expression (the community edition of the language, @jmespath-community/jmespath)
// evaluated on the server over every item of a list read up to a cap, so that "the 5 VMs using the most
// memory" or "how many, how big" is one call answered in a few hundred characters instead of pages of
// records the model sorts and sums itself. It runs over CloudStack's own records (its field names, every
// field), not over the concise view. Reading is bounded by the cap and the answer says when it stopped.
import { compile, type JSONValue, search } from '@jmespath-community/jmespath';
import { redactSecrets } from '../cloudstack/redact.js';
import { jsonBytes } from './budget.js';
import { ToolError } from './errors.js';
import { type ListRequest, readEvery } from './listing.js';
import { fieldPaths, isPlainObject, type JsonObject } from './shape.js';
import type { ToolContext } from './tools/types.js';

/** Items read for a query when the caller gives no limit, and the most it may ask for. */
export const QUERY_DEFAULT_CAP = 1000;
export const QUERY_MAX_CAP = 5000;

export interface QueryAnswer {
  result: unknown;
  /** CloudStack's total. */
  count: number;
  itemsRead: number;
  /** The reading stopped at the cap, before the end of the list. */
  truncated?: true;
  hint?: string;
}

/** At most this many characters of field names in an error or hint. */
const FIELD_NAMES_CHARS = 480;

/**
 * The item's field names (the first item's, top level and one level down: nic.ipaddress is nic[].ipaddress
 * in a query), as many as fit in FIELD_NAMES_CHARS, then how many more.
 */
function fieldsOf(items: readonly unknown[]): string {
  const names = fieldPaths(items.slice(0, 1)).filter((path) => path.split('.').length <= 2);
  if (names.length === 0) return '(no items)';
  let text = '';
  for (const [i, name] of names.entries()) {
    const next = i === 0 ? name : `${text}, ${name}`;
    if (next.length > FIELD_NAMES_CHARS) return `${text} … ${names.length - i} more`;
    text = next;
  }
  return text;
}

/** The library's message without its closing full stop (ours follow it). */
const messageOf = (error: unknown) => (error as Error).message.replace(/\.+$/, '');

function compiled(query: string) {
  try {
    return compile(query);
  } catch (error) {
    throw new ToolError('invalid_params', `query: ${messageOf(error)}`, { parameter: 'query' });
  }
}

/** Evaluates `query` over `data`; an error names the problem and the fields the items have. */
export function evaluate(query: string, data: unknown, items: readonly unknown[]): unknown {
  compiled(query);
  try {
    // Synchronous: the library's shared interpreter is never used by two evaluations at once.
    return search(data as JSONValue, query);
  } catch (error) {
    throw new ToolError('invalid_params', `query: ${messageOf(error)}. Item fields: ${fieldsOf(items)}`, {
      parameter: 'query',
    });
  }
}

/** `query` reads from the start and picks its own fields: a cursor or `fields` beside it is a mistake. */
export function checkQueryArgs(args: { cursor?: string | undefined; fields?: unknown }): void {
  const other = args.cursor !== undefined ? 'cursor' : args.fields !== undefined ? 'fields' : undefined;
  if (other) {
    throw new ToolError(
      'invalid_params',
      `query reads every item from the start and selects its own fields: leave out ${other} (e.g. [].{name: name})`,
      { parameter: other },
    );
  }
}

/** Bytes of the rest of the answer besides `result`, at its largest. */
const ENVELOPE_BYTES = 512;

/** The query's result within the answer budget; too big is refused with how to narrow it. */
function checkSize(context: ToolContext, result: unknown): void {
  const bytes = jsonBytes(result);
  const room = context.limits.maxAnswerBytes - ENVELOPE_BYTES;
  if (bytes > room) {
    throw new ToolError(
      'too_large',
      `the query's result is ${bytes} bytes, over this server's answer budget of ${context.limits.maxAnswerBytes} bytes: ` +
        'keep fewer fields ([].{name: name, state: state}) or fewer items ([:50])',
      { bytes, maxBytes: context.limits.maxAnswerBytes },
    );
  }
}

const empty = (value: unknown) =>
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlainObject(value) && Object.keys(value).length === 0);

/** Reads the list up to `cap` items and answers the query over them. */
export async function queryList(
  context: ToolContext,
  request: Pick<ListRequest, 'entry' | 'params' | 'signal'>,
  query: string,
  cap: number,
  /** Whether the caller's `limit` sets the cap (callApi), so a larger one can be asked for. */
  limitSetsCap = false,
): Promise<QueryAnswer> {
  compiled(query); // a syntax error costs no reading
  const read = await readEvery(context, { ...request, cap });
  // Masked by field name before the query can rename a field (`[].{k: secretkey}`).
  const items = redactSecrets(read.items);
  const result = evaluate(query, items, items);
  checkSize(context, result);
  return answerOf(result, read.count, items, limitSetsCap && cap < QUERY_MAX_CAP);
}

/** A query over one answer that is not a list (listCapabilities and friends). */
export function queryValue(context: ToolContext, query: string, value: unknown): QueryAnswer {
  const data = redactSecrets(value);
  const result = evaluate(query, data, [data]);
  checkSize(context, result);
  return { result, count: 1, itemsRead: 1 };
}

function answerOf(
  result: unknown,
  count: number,
  items: readonly JsonObject[],
  raisable: boolean,
): QueryAnswer {
  const answer: QueryAnswer = { result, count, itemsRead: items.length };
  const hints: string[] = [];
  if (items.length < count) {
    answer.truncated = true;
    hints.push(
      `read ${items.length} of ${count} items (the cap): narrow the list with filters${
        raisable ? `, or raise limit (at most ${QUERY_MAX_CAP})` : ''
      }`,
    );
  }
  if (empty(result) && items.length > 0)
    hints.push(`the query found nothing; item fields: ${fieldsOf(items)}`);
  if (hints.length > 0) answer.hint = hints.join('; ');
  return answer;
}
