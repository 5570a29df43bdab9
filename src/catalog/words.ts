// Word splitting shared by search and suggestions: camelCase API names and free text become the same
// lowercase, lightly stemmed tokens, so "virtual machines" finds listVirtualMachines.

/** `createVPCOffering` → ['create', 'vpc', 'offering']; `listIpv6FirewallRules` → [..., 'ipv6', ...]. */
export function splitCamel(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+\d*|\d+/g) ?? []).map((part) => part.toLowerCase());
}

/** Plural and singular meet: machines → machine, policies → policy, addresses → address. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) {
    return word.slice(0, -1);
  }
  return word;
}

const stopWords = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'to',
  'for',
  'in',
  'on',
  'by',
  'or',
  'is',
  'it',
  'with',
  'from',
  'this',
  'that',
  'be',
  'as',
  'at',
  'all',
  'me',
  'my',
  'i',
  'how',
  'do',
  'can',
  'which',
  'what',
]);

/** Tokens of free text or of an API name: split on non-letters and camelCase, lowercased, stemmed. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const chunk of text.split(/[^A-Za-z0-9]+/)) {
    for (const word of splitCamel(chunk)) {
      if (!stopWords.has(word)) tokens.push(stem(word));
    }
  }
  return tokens;
}
