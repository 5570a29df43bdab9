// node:fs plus globSync: Node's own where it exists, else a small one for the `**/name` and `name`
// patterns the conformance package uses (it looks for results' checks.json files).
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

function walk(dir, base, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(base, full);
    if (entry.isDirectory()) walk(full, base, out);
    else out.push(relative);
  }
}

function toRegExp(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const body = escaped
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*\*/g, '.*')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

export const globSync =
  fs.globSync ??
  ((pattern, options = {}) => {
    const cwd = options.cwd ?? process.cwd();
    const patterns = Array.isArray(pattern) ? pattern : [pattern];
    const files = [];
    if (fs.existsSync(cwd)) walk(cwd, cwd, files);
    const regExps = patterns.map(toRegExp);
    return files.filter((file) => regExps.some((regExp) => regExp.test(file.split(path.sep).join('/'))));
  });
