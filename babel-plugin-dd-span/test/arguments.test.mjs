// Orchestrion's argument grammar, case by case (shared/reference/orchestrion-directives.md), then
// the same cases through the whole plugin: what the parser returns is what the span's site receives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDirectiveArguments, recognize } from 'babel-plugin-dd-span';
import fc from 'fast-check';
import { compile } from './support/babel.mjs';
import { instrumentation } from './support/sites.mjs';

const pairs = (...flat) => {
  const list = [];
  for (let index = 0; index < flat.length; index += 2) list.push({ key: flat[index], value: flat[index + 1] });
  return list;
};

const ORCHESTRION_CASES = [
  ['span.name:rootHandler resource.name:"GET /"', pairs('span.name', 'rootHandler', 'resource.name', 'GET /')],
  [
    'span.name:rootHandler resource.name:"GET /" foo:"bar" ',
    pairs('span.name', 'rootHandler', 'resource.name', 'GET /', 'foo', 'bar'),
  ],
  ["resource.name:'GET /' foo:'bar'", pairs('resource.name', 'GET /', 'foo', 'bar')],
  [
    'span.name:\'root handler\' resource.name:"GET /home"',
    pairs('span.name', 'root handler', 'resource.name', 'GET /home'),
  ],
  ['service.name:my-service', pairs('service.name', 'my-service')],
  ['', []],
  ['standalone_arg', pairs('standalone_arg', '')],
  ['foo:bar:baz', pairs('foo', 'bar:baz')],
  ['service.name:"my-service', pairs('service.name', '"my-service')],
  ["service.name:'my-service", pairs('service.name', "'my-service")],
  ['service.name:"my-service"resource.name:"GET /"', pairs('service.name', 'my-service"resource.name:"GET /')],
  ['service.name:"my-service\'', pairs('service.name', '"my-service\'')],
  // Go indexes out of range on a value that is one lone quote; here it stays the value.
  ['k:"', pairs('k', '"')],
  ["k:'", pairs('k', "'")],
];

const MORE_CASES = [
  ['   a:b   ', pairs('a', 'b')],
  ['a:1    b:2', pairs('a', '1', 'b', '2')],
  ['a:1\tb:2', pairs('a', '1\tb:2')],
  ['tier:a tier:b', pairs('tier', 'a', 'tier', 'b')],
  ['k:""', pairs('k', '')],
  [':value', pairs('', 'value')],
  ['k:"it\'s here"', pairs('k', "it's here")],
  ['k:\'say "hi"\'', pairs('k', 'say "hi"')],
  ['a:"x y b:c', pairs('a', '"x y b:c')],
  ['"my key":value', pairs('"my key"', 'value')],
  ['k:"a"b', pairs('k', '"a"b')],
  ['k:"\\"', pairs('k', '\\')],
];

describe('directive arguments', () => {
  for (const [text, expected] of ORCHESTRION_CASES) {
    test(`Orchestrion case ${JSON.stringify(text)} parses as Orchestrion parses it`, () => {
      assert.deepEqual(parseDirectiveArguments(text), expected);
    });
  }

  for (const [text, expected] of MORE_CASES) {
    test(`${JSON.stringify(text)}: split on ASCII space, first colon, matching quotes only, no escapes`, () => {
      assert.deepEqual(parseDirectiveArguments(text), expected);
    });
  }

  test('the text after //dd:span is what gets parsed', () => {
    for (const [text, expected] of [...ORCHESTRION_CASES, ...MORE_CASES]) {
      const recognized = recognize({ type: 'CommentLine', value: `dd:span ${text}` });
      assert.deepEqual(recognized, { kind: 'span', args: expected }, text);
    }
  });

  test('parsing never throws and always gives string pairs', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', ':', '"', "'", 'a', 'b', '\\', 'é') }), (text) => {
        for (const { key, value } of parseDirectiveArguments(text)) {
          assert.equal(typeof key, 'string');
          assert.equal(typeof value, 'string');
        }
      }),
    );
  });

  test('written key:value pairs, quoted when they hold spaces, parse back to themselves', () => {
    const key = fc.stringMatching(/^[a-z][a-z._-]{0,8}$/);
    const value = fc.stringMatching(/^[a-zA-Z0-9 /:.-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), (written) => {
        const quote = (text) => (text.includes(' ') || text === '' ? `"${text}"` : text);
        const text = written.map(([k, v]) => `${k}:${quote(v)}`).join(' ');
        assert.deepEqual(
          parseDirectiveArguments(text),
          written.map(([k, v]) => ({ key: k, value: v })),
        );
      }),
    );
  });
});

describe('arguments reach the span site', () => {
  for (const [text, expected] of ORCHESTRION_CASES) {
    test(`//dd:span ${text} tags the span with every argument but span.name, in order`, () => {
      const { code } = compile(`//dd:span ${text}\nfunction handler() {}`);
      const [site] = instrumentation(code).sites;
      const tags = expected.filter(({ key }) => key !== 'span.name').flatMap(({ key, value }) => [key, value]);
      assert.deepEqual(site.tags, ['function-name', 'handler', ...tags]);
      assert.equal(site.name, expected.find(({ key }) => key === 'span.name')?.value ?? 'handler');
    });
  }
});
