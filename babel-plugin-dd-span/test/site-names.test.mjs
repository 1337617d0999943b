// Site variables are named as Babel's scope.generateUid('ddSite') names them, in source order, and
// skip every name the file already uses, however many directives the file holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { compile } from './support/babel.mjs';
import { runInstrumented } from './support/exec.mjs';

const functions = Array.from({ length: 13 }, (_, i) => `//dd:span\nfunction f${i}() { return ${i}; }`).join('\n');
const source = `var _ddSite3 = 'taken by the file';
${functions}
module.exports = { all: () => [${Array.from({ length: 13 }, (_, i) => `f${i}()`).join(', ')}], global: typeof _ddSite5, _ddSite3 };
`;

test('thirteen sites get generateUid\'s names in source order, skipping a binding and a global the file uses', () => {
  const { code } = compile(source, { pluginOptions: { moduleStyle: 'require' } });
  const declared = [...code.matchAll(/var (_ddSite\d*) = _ddSpan\.site\("(f\d+)"/g)].map(([, id, name]) => `${name}:${id}`);
  assert.deepEqual(declared, [
    'f0:_ddSite', 'f1:_ddSite2', 'f2:_ddSite4', 'f3:_ddSite6', 'f4:_ddSite7', 'f5:_ddSite8', 'f6:_ddSite9',
    'f7:_ddSite0', 'f8:_ddSite1', 'f9:_ddSite10', 'f10:_ddSite11', 'f11:_ddSite12', 'f12:_ddSite13',
  ]);
  for (const entry of declared) {
    const [name, id] = entry.split(':');
    assert.match(code, new RegExp(`function ${name}\\(\\) \\{\\s*var _ddFrame = _ddSpan\\.start\\(${id}\\),`));
  }
});

test('a file with thirteen sites runs, each function tracing under its own name', () => {
  resetSpans();
  const compiled = runInstrumented(source);
  assert.deepEqual(compiled.all(), Array.from({ length: 13 }, (_, i) => i));
  assert.equal(compiled._ddSite3, 'taken by the file');
  assert.deepEqual(getFinishedSpans().map((span) => span.name), Array.from({ length: 13 }, (_, i) => `f${i}`));
});
