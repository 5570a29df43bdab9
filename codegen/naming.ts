// Names and literals in the generated code.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Printable ASCII but `'` and `\`: text that goes into a literal as it is (most docs). */
const PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/** A single-quoted TypeScript string literal. */
export function quote(value: string): string {
  if (PLAIN.test(value)) return `'${value}'`;
  const json = JSON.stringify(value).slice(1, -1);
  return `'${json.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** An object key: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** listZones → ListZones; "cpu.number" → CpuNumber. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The output file an API goes to: the first letter of its noun (listVirtualMachines → v,
 * login → l). Stable when APIs come and go, and about 20 files for a full CloudStack.
 */
export function groupOf(apiName: string): string {
  const noun = /^[a-z0-9]*([A-Z].*)?$/.exec(apiName)?.[1] ?? apiName;
  const letter = (noun || apiName).charAt(0).toLowerCase();
  return /[a-z]/.test(letter) ? letter : '_';
}

/** Text for a JSDoc comment body: one line of whitespace, no comment terminator. */
export function docText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();
}

/** Hands out unique names: the second `Foo` becomes `Foo2`. */
export class NameRegistry {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name);
  }

  take(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${name}${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** A JSDoc comment: one line, or (text with line breaks) one ` * ` line per line of text. */
export function jsDoc(text: string, indent = ''): string {
  if (!text.includes('\n')) return `${indent}/** ${text} */`;
  const lines = text.split('\n').map((line) => (line ? `${indent} * ${line}` : `${indent} *`));
  return [`${indent}/**`, ...lines, `${indent} */`].join('\n');
}
