// Directive text comes from comments and ends up in generated code. Whatever a comment holds, it
// becomes the exact string value of a tag (or of the span's name), never code: compiled, run, and
// read back from the recorded span. And a span records nothing of a call's arguments or return value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import fc from 'fast-check';
import { babel, compile } from './support/babel.mjs';
import { runInstrumented, runOriginal } from './support/exec.mjs';

// Runs `f()` from the compiled module and returns the one span it finished.
async function spanOf(source) {
  resetSpans();
  const { f } = runInstrumented(`${source}\nmodule.exports = { f };\n`);
  await f('argument');
  const spans = getFinishedSpans();
  resetSpans();
  assert.equal(spans.length, 1, 'the call finished one span');
  return spans[0];
}

const LONG = 'x'.repeat(100_000);

// [what, written after `key:` in the comment, the tag value it must give]
const VALUES = [
  ['a double quote inside single quotes', `'say "hi"'`, 'say "hi"'],
  ['a single quote inside double quotes', `"it's"`, "it's"],
  ['backslashes, which are not escapes, one of them last', 'a\\b\\\\c\\', 'a\\b\\\\c\\'],
  ['a block comment end', '*/', '*/'],
  ['a block comment start and end', '/*x*/', '/*x*/'],
  ['backticks', '`whoami`', '`whoami`'],
  ['a template substitution', '${globalThis.__ddInjected=1}', '${globalThis.__ddInjected=1}'],
  ['string-closing code', `"x');globalThis.__ddInjected=1;('"`, "x');globalThis.__ddInjected=1;('"],
  ['a script end tag', '</script><script>globalThis.__ddInjected=1</script>', '</script><script>globalThis.__ddInjected=1</script>'],
  ['NUL', 'a\u0000b', 'a\u0000b'],
  ['other control characters', 'a\u0001\u001b[31mb\u007f', 'a\u0001\u001b[31mb\u007f'],
  ['white space that is not a line terminator', '"a\u00a0b\u0085c\ufeffd\u3000e\u000bf\u000cg"', 'a\u00a0b\u0085c\ufeffd\u3000e\u000bf\u000cg'],
  ['a lone surrogate', 'a\ud800b', 'a\ud800b'],
  ['astral characters', '😀𝄞', '😀𝄞'],
  ['a very long value (100,000 characters)', LONG, LONG],
];

describe('tag values from comments', () => {
  for (const [what, written, expected] of VALUES) {
    test(`${what} becomes the exact tag value, and nothing of it runs`, async () => {
      delete globalThis.__ddInjected;
      const span = await spanOf(`//dd:span key:${written} other:after\nfunction f() {\n  return 1;\n}`);
      assert.equal(span.tags.key, expected);
      assert.equal(span.tags.other, 'after');
      assert.equal(globalThis.__ddInjected, undefined);
    });
  }

  // A line comment ends at a line terminator: U+2028 or U+2029 cannot be inside a directive, and
  // what follows one is the next line of the program, as the author wrote it.
  for (const terminator of ['\u2028', '\u2029']) {
    test(`U+${terminator.codePointAt(0).toString(16).toUpperCase()} ends the directive, as it ends any line comment`, async () => {
      const span = await spanOf(`//dd:span key:before${terminator}// after the terminator\nfunction f() {\n  return 1;\n}`);
      assert.equal(span.tags.key, 'before');
    });
  }

  test('the span name from `span.name:` is the exact text too', async () => {
    const span = await spanOf(`//dd:span span.name:'a"\\\`\${x}*/\u0000' resource.name:"GET /a?b=\\"c\\""\nfunction f() {}`);
    assert.equal(span.name, 'a"\\`${x}*/\u0000');
    assert.equal(span.resource, 'GET /a?b=\\"c\\"');
  });
});

describe('names from string keys', () => {
  // A method named by a string literal names its span: the key's value, which may hold anything a
  // string can, U+2028 and U+2029 included.
  const KEYS = ['a\u2028b', 'a\u2029b', 'q"uote', "s'ingle", 'back\\slash', '*/', '`${globalThis.__ddInjected=1}`', 'nul\u0000'];
  for (const key of KEYS) {
    test(`the method ${JSON.stringify(key)} names its span exactly`, async () => {
      delete globalThis.__ddInjected;
      resetSpans();
      const { C } = runInstrumented(`class C {\n  //dd:span\n  ${JSON.stringify(key)}() {\n    return 1;\n  }\n}\nmodule.exports = { C };\n`);
      new C()[key]();
      const [span] = getFinishedSpans();
      resetSpans();
      assert.equal(span.name, key);
      assert.equal(span.tags['function-name'], key);
      assert.equal(globalThis.__ddInjected, undefined);
    });
  }
});

// The compiled program with every string literal emptied and the site's tag list dropped: what is
// left is the code, which must not depend on what the directive says.
function shape(code) {
  const ast = babel.parseSync(code, { babelrc: false, configFile: false, sourceType: 'module' });
  return JSON.stringify(ast.program, (key, value) => {
    if (['start', 'end', 'loc', 'extra', 'leadingComments', 'trailingComments', 'innerComments'].includes(key)) return undefined;
    if (value && value.type === 'StringLiteral') return 'string';
    if (value && value.type === 'ArrayExpression' && value.elements.every((element) => element.type === 'StringLiteral')) return 'strings';
    return value;
  });
}

describe('directive text is data', () => {
  test('whatever a directive holds, the compiled code has the same shape: only string values differ', () => {
    const plain = shape(compile('//dd:span\nfunction f() {}\n').code);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const comment = text.replace(/[\n\r\u2028\u2029]/g, ' ');
        assert.equal(shape(compile(`//dd:span ${comment}\nfunction f() {}\n`).code), plain);
      }),
      { numRuns: 100 },
    );
  });
});

describe('no argument or return value is recorded', () => {
  const SECRET = 'SECRET-7f3a';
  // Each kind of function receives the secret as its argument and returns, yields or resolves it.
  const KINDS = {
    sync: '//dd:span\nfunction f(arg) { return arg + "-returned"; }',
    arrow: '//dd:span\nconst f = (arg) => ({ value: arg });',
    async: '//dd:span\nasync function f(arg) { await null; return [arg, arg]; }',
    generator: '//dd:span\nfunction* f(arg) { const back = yield arg; return back; }',
    'async generator': '//dd:span\nasync function* f(arg) { const back = yield arg; return { back }; }',
    method: 'const holder = {\n  //dd:span\n  f(arg) { return { map: new Map([[arg, arg]]), arg }; },\n};\nconst f = (arg) => holder.f(arg);',
  };

  // Calls `f(argument)` to its end: a generator is resumed with `argument`, which it gives back.
  async function callToTheEnd(f, argument) {
    const result = f(argument);
    if (typeof result?.next !== 'function') return result;
    await result.next();
    return (await result.next(argument)).value;
  }

  // What the code reads of its argument, through a proxy that notes every property read.
  async function readsOfArgument(f) {
    const reads = [];
    const argument = new Proxy({ toString: () => SECRET }, {
      get(target, property, receiver) {
        reads.push(String(property));
        return Reflect.get(target, property, receiver);
      },
    });
    await callToTheEnd(f, argument);
    return reads;
  }

  for (const [kind, source] of Object.entries(KINDS)) {
    test(`the span of a call (${kind}) holds neither its argument nor what the call gives back, and the runtime reads nothing of the argument`, async () => {
      const module = `${source}\nmodule.exports = { f };\n`;
      const asWritten = await readsOfArgument(runOriginal(module).f);
      resetSpans();
      const compiled = await readsOfArgument(runInstrumented(module).f);
      const returned = await callToTheEnd(runInstrumented(module).f, SECRET);
      const spans = getFinishedSpans();
      resetSpans();
      assert.ok(JSON.stringify(returned).includes(SECRET), 'the call gives the secret back');
      assert.equal(spans.length, 2);
      assert.ok(!JSON.stringify(spans).includes(SECRET), JSON.stringify(spans));
      assert.deepEqual(compiled, asWritten);
    });
  }
});
