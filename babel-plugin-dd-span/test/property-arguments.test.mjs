// Property-based tests of directive arguments. The grammar is written down here a second time, as
// regular expressions rather than the parser's character loop, and the two must agree on any text;
// the cases in arguments.test.mjs pin the grammar to Orchestrion's own examples.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDirectiveArguments, recognize } from 'babel-plugin-dd-span';
import fc from 'fast-check';
import { compile } from './support/babel.mjs';
import { instrumentation } from './support/sites.mjs';

// arguments := token (" "+ token)*          after trimming white space at both ends
// token     := part+
// part      := any character but space and quotes
//            | '"' [^"]* ('"' | end of text)  a double-quoted run, which may hold spaces and '
//            | "'" [^']* ("'" | end of text)  a single-quoted run, which may hold spaces and "
// pair      := the token split at its first ":" into key and value; no ":" gives an empty value
// value     := loses one pair of surrounding quotes when it starts and ends with the same quote
//              and is at least two characters long; there are no escapes
const TOKEN = /(?:[^ "']|"[^"]*(?:"|$)|'[^']*(?:'|$))+/g;
const QUOTED = /^(["'])[^]*\1$/;

function model(text) {
  const tokens = text.trim().match(TOKEN) ?? [];
  return tokens.map((token) => {
    const colon = token.indexOf(':');
    if (colon === -1) return { key: token, value: '' };
    const raw = token.slice(colon + 1);
    return { key: token.slice(0, colon), value: raw.length >= 2 && QUOTED.test(raw) ? raw.slice(1, -1) : raw };
  });
}

// The characters the grammar gives a meaning to, plus others a comment can hold.
const SIGNIFICANT = [' ', ' ', ':', '"', "'", 'a', 'b', '.', '\t', '\\', '`', '$', '{', '}', '*', '/', '\u00a0', '\u0085', '\ufeff', '\u0000', 'é', '😀'];
const WORDS = ['span.name', 'resource.name', 'service.name', 'span.type', 'function-name', '__proto__', 'constructor'];
const directiveText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...SIGNIFICANT), fc.constantFrom(...WORDS)), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
// A line comment ends at a line terminator, so its text never holds one.
const commentText = directiveText.map((text) => text.replace(/[\n\r\u2028\u2029]/g, ' '));

describe('directive arguments, property-based', () => {
  test('the parser never throws and agrees with the grammar on any text', () => {
    fc.assert(
      fc.property(directiveText, (text) => {
        assert.deepEqual(parseDirectiveArguments(text), model(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('any comment text is recognised without throwing, and //dd:span text parses as the grammar says', () => {
    fc.assert(
      fc.property(commentText, fc.constantFrom('CommentLine', 'CommentBlock'), (text, type) => {
        const recognized = recognize({ type, value: text });
        assert.ok(['span', 'ignore', 'near-miss', 'none'].includes(recognized.kind));
        const directive = recognize({ type: 'CommentLine', value: `dd:span ${text}` });
        assert.deepEqual(directive, { kind: 'span', args: model(text) });
      }),
      { numRuns: 1000 },
    );
  });

  test('whatever the arguments, the compiled site holds exactly the parsed tags, as string literals', () => {
    fc.assert(
      fc.property(commentText, (text) => {
        const { code } = compile(`//dd:span ${text}\nfunction handler() {}\n`);
        const [site] = instrumentation(code).sites;
        const pairs = model(text);
        const tags = pairs.filter(({ key }) => key !== 'span.name').flatMap(({ key, value }) => [key, value]);
        assert.deepEqual(site.tags, ['function-name', 'handler', ...tags]);
        // An empty `span.name:` names nothing: the declared name stands.
        assert.equal(site.name, pairs.find(({ key, value }) => key === 'span.name' && value !== '')?.value ?? 'handler');
      }),
      { numRuns: 150 },
    );
  });
});
