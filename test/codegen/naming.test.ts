// String literals in the generated code: whatever the text (quotes, backslashes, line breaks, controls,
// non-ASCII), the literal reads back as the same text.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { quote } from '../../codegen/naming.js';

const readBack = (literal: string): unknown => new Function(`return ${literal};`)();

it('quotes any text so that it reads back unchanged, on one line', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const literal = quote(text);
      expect(literal).toMatch(/^'.*'$/s);
      expect(literal).not.toMatch(/[\n\r]/);
      expect(readBack(literal)).toBe(text);
    }),
  );
  for (const text of ["it's", 'a\\b', 'say "hi"', 'tab\there', 'line\u2028sep', '\ud800', 'plain text']) {
    expect(readBack(quote(text))).toBe(text);
  }
});
