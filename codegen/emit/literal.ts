// Data literals in the generated code (the registry's docs), printed the same way every time.
import { propertyKey, quote } from '../naming.js';

/** A value as TypeScript source. Objects print on one line; arrays of objects one element per line. */
export function literal(value: unknown, indent = ''): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items: readonly unknown[] = value;
    if (items.every((item) => typeof item !== 'object'))
      return `[${items.map((item) => literal(item)).join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${items.map((item) => `${inner}${literal(item, inner)},`).join('\n')}\n${indent}]`;
  }
  if (typeof value !== 'object' || value === null) throw new Error(`codegen: cannot print ${typeof value}`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, v]) => `${propertyKey(key)}: ${literal(v, indent)}`).join(', ')} }`;
}
