// "Did you mean": the closest names by edit distance, for typos in API and parameter names.

/** Levenshtein distance, case-insensitive, in O(a·b) time and O(b) memory. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * Up to `max` candidates close enough to `input` to be a typo of it, closest first. Close enough means
 * within a third of the input's length (at least 2 edits), or containing it / contained in it.
 */
export function suggestNames(input: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = input.toLowerCase();
  const threshold = Math.max(2, Math.floor(input.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    const distance = editDistance(input, name);
    const candidateLower = name.toLowerCase();
    const contains =
      lower.length >= 4 &&
      candidateLower.length >= 4 &&
      (candidateLower.includes(lower) || lower.includes(candidateLower));
    if (distance <= threshold || contains)
      scored.push({ name, distance: contains ? distance / 2 : distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((entry) => entry.name);
}
