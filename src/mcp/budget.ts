// The byte budget of one tool answer. Agents pay for every byte they read, and clients cap message sizes
// (the SDK's stdio reader gives up at 10 MiB), so every answer is bounded in size as well as in items:
// lists are cut to fit with the total `count` and a `nextCursor`, exactly as the item limit cuts them;
// anything else too big is refused with the fields it has, so the agent can ask for fewer with `fields`.
import { ToolError } from './errors.js';
import { isPlainObject, type JsonObject } from './shape.js';

/** About 16k tokens: room for ~35 full VM records or hundreds with `fields`, and far below any frame cap. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024;

/** Below this an answer could not hold a useful item next to its envelope. */
export const MIN_MAX_ANSWER_BYTES = 4 * 1024;

/** Bytes of the compact JSON of a value (what the text block and structuredContent carry). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/**
 * The largest fields of an object, biggest first: what `fields` could leave out. A lone wrapper key
 * (CloudStack's `{capability: {...}}`) is looked through, giving dotted names as `fields` takes them.
 */
function fieldSizes(value: unknown, most = 15): { field: string; bytes: number }[] {
  let prefix = '';
  let object = value;
  while (isPlainObject(object)) {
    const keys = Object.keys(object);
    const only = keys.length === 1 ? (keys[0] as string) : undefined;
    if (only === undefined || !isPlainObject(object[only])) break;
    prefix += `${only}.`;
    object = object[only];
  }
  if (!isPlainObject(object)) return [];
  return Object.entries(object)
    .map(([field, child]) => ({ field: prefix + field, bytes: jsonBytes(child) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, most);
}

/** A single object (or list item) too big for the budget on its own. */
function objectTooLarge(what: string, object: unknown, bytes: number, maxBytes: number): ToolError {
  const sizes = fieldSizes(object);
  const example = sizes
    .slice(-3)
    .map((size) => `"${size.field}"`)
    .join(',');
  return new ToolError(
    'too_large',
    `${what} is ${bytes} bytes, over this server's answer budget of ${maxBytes} bytes (MCP_MAX_ANSWER_BYTES). ` +
      `Pass fields to keep only what you need${example ? `, e.g. fields: [${example}]` : ''}.`,
    { bytes, maxBytes, largestFields: sizes },
  );
}

/** The backstop for a whole answer over budget: says what made it big. */
export function answerTooLarge(output: JsonObject, bytes: number, maxBytes: number): ToolError {
  const inner = isPlainObject(output.result) ? output.result : output;
  return objectTooLarge('the answer', inner, bytes, maxBytes);
}

/**
 * Collects shaped list items while they fit: `room` is the budget left for the items once the answer's
 * envelope (count, returned, nextCursor, ...) is set aside.
 */
export class ItemBudget {
  readonly items: JsonObject[] = [];
  private used = 2; // the list's brackets
  /** Set once an item did not fit: the window ends before it. */
  full = false;

  constructor(
    private readonly room: number,
    private readonly maxBytes: number,
    private readonly what: string,
  ) {}

  /** Bytes still free for items. */
  get left(): number {
    return Math.max(0, this.room - this.used);
  }

  /** Mean bytes of the items kept so far (with their separating comma); undefined before the first. */
  get bytesPerItem(): number | undefined {
    return this.items.length > 0 ? (this.used - 2) / this.items.length : undefined;
  }

  /** Adds the item if it fits; false (and `full`) when it does not. The first item must fit. */
  add(item: JsonObject): boolean {
    if (this.full) return false;
    const bytes = jsonBytes(item) + (this.items.length > 0 ? 1 : 0);
    if (this.used + bytes > this.room) {
      this.full = true;
      if (this.items.length === 0)
        throw objectTooLarge(`one item of ${this.what}`, item, bytes, this.maxBytes);
      return false;
    }
    this.used += bytes;
    this.items.push(item);
    return true;
  }
}
