// Which comments are directives: Orchestrion's cases (shared/reference/orchestrion-directives.md),
// `//orchestrion:ignore` and the legacy `//dd:ignore`, and the near misses that deserve a warning.
// Each comment is read by Babel's own parser, then compiled above a function to see the effect.
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { recognize } from 'babel-plugin-dd-span';
import { babel, compile } from './support/babel.mjs';
import { instrumentation } from './support/sites.mjs';

mock.method(console, 'warn', () => {});

const CASES = [
  // Orchestrion: leading whitespace trimmed, `//dd:span`, then the end or whitespace.
  ['\t//dd:span', 'span'],
  ['//dd:span   ', 'span'],
  ['//dd:span with:arguments', 'span'],
  ['//dd:spanExtra', 'near-miss'],
  ['//dd:span2', 'near-miss'],
  ['// dd:span', 'near-miss'],
  ['/*dd:span*/', 'near-miss'],
  ['//other:span', 'none'],
  // The same rule, carried on.
  ['    //dd:span', 'span'],
  ['//dd:span\twith:tab', 'span'],
  ['//dd:span', 'span'],
  ['/* dd:span */', 'near-miss'],
  ['/** dd:span */', 'near-miss'],
  ['//dd:spam', 'near-miss'],
  ['//dd:span:name', 'near-miss'],
  ['//  dd:span with:arguments', 'near-miss'],
  ['//DD:SPAN', 'none'],
  ['//ddspan', 'none'],
  ['// see dd:span in the README', 'none'],
  ['// add:spanner', 'none'],
  ['// dd: notes for the Datadog team', 'none'],
  ['// orchestrion: built with it, see README', 'none'],
  // Found in dd-trace's sources by the reliability corpus: other `dd:` words are no mistake.
  ["// dd:testSuiteStart hasn't been triggered for whatever reason", 'none'],
  ['//dd:has-missing-map-files', 'none'],
  ['//orchestrion:ignore', 'ignore'],
  ['//orchestrion:ignore generated code, traced by the caller', 'ignore'],
  ['//orchestrion:ignored', 'near-miss'],
  ['// orchestrion:ignore', 'near-miss'],
  ['/*orchestrion:ignore*/', 'near-miss'],
  ['//dd:ignore', 'legacy-ignore'],
  ['//dd:ignore hot path', 'legacy-ignore'],
];

function firstComment(line) {
  return babel.parseSync(`${line}\nfunction f() {}`, { babelrc: false, configFile: false }).comments[0];
}

function kindOf(recognized) {
  if (recognized.kind === 'ignore') return recognized.legacy ? 'legacy-ignore' : 'ignore';
  return recognized.kind;
}

describe('recognition', () => {
  for (const [line, expected] of CASES) {
    test(`${JSON.stringify(line)} is ${expected === 'none' ? 'not a directive' : `recognised as ${expected}`}`, () => {
      assert.equal(kindOf(recognize(firstComment(line))), expected);
    });
  }
});

describe('what each comment does above a function', () => {
  for (const [line, expected] of CASES) {
    test(`${JSON.stringify(line)} ${expected === 'span' ? 'instruments it' : 'leaves it alone'}`, () => {
      // An ignore directive shows its effect on a function that has a //dd:span too.
      const isIgnore = expected.endsWith('ignore');
      const source = isIgnore ? `${line}\n//dd:span\nfunction f() {}` : `${line}\nfunction f() {}`;
      const result = compile(source);
      const warnings = result.metadata.ddSpan?.warnings ?? [];
      assert.equal(instrumentation(result.code).functions, expected === 'span' ? 1 : 0);
      if (expected === 'near-miss') {
        assert.equal(warnings.length, 1);
        assert.equal(warnings[0].line, 1);
      } else if (expected === 'legacy-ignore') {
        // Deprecation is said once per process, so only the first of these cases may carry it.
        assert.ok(warnings.every((warning) => warning.message.includes('`//dd:ignore` is deprecated')));
      } else {
        assert.deepEqual(warnings, []);
      }
    });
  }
});

describe('near-miss messages name the directive that was meant', () => {
  const MEANT = [
    ['// dd:span', 'Did you mean `//dd:span`?'],
    ['/* dd:span key:value */', 'Write it as a line comment: `//dd:span`.'],
    ['/** dd:span */', 'Write it as a line comment: `//dd:span`.'],
    ['//dd:spam', 'Did you mean `//dd:span`?'],
    ['//dd:spanExtra', '`//dd:spanExtra` is not a known directive. Did you mean `//dd:span`?'],
    ['//dd:span:name', '`//dd:span:name` is not a known directive. Did you mean `//dd:span`?'],
    ['//orchestrion:ignored', 'Did you mean `//orchestrion:ignore`?'],
    ['//orchestrion:ingore', 'Did you mean `//orchestrion:ignore`?'],
    // Never suggest the deprecated spelling.
    ['//dd:ignored', 'Did you mean `//orchestrion:ignore`?'],
    ['// dd:ignore', 'Did you mean `//orchestrion:ignore`?'],
  ];
  for (const [line, expected] of MEANT) {
    test(`${JSON.stringify(line)}: "${expected}"`, () => {
      const recognized = recognize(firstComment(line));
      assert.equal(recognized.kind, 'near-miss');
      assert.ok(recognized.message.includes(expected), recognized.message);
    });
  }
});
