// After the plugin, Babel's scope information describes the rewritten code exactly as a full
// re-read of the program (`scope.crawl()`) would: the plugin registers what it changed instead of
// re-reading every rewritten function, and the plugins after it rely on the result (TypeScript's
// removes an import none of whose references it knows, module transforms rename references).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, mock, test } from 'node:test';
import { createRequire } from 'node:module';
import path from 'node:path';
import { annotate, parserOptionsFor } from '../../test/reliability/instrument-everything.mjs';
import { babelMajor, compile, presetTypescriptPath, repoRoot } from './support/babel.mjs';
import { caseCompileOptions, findCases, FIXTURES, optionsFor } from './support/fixture-cases.mjs';

// The fixtures' expected warnings are the fixture tests' concern; printed here they would bury the report.
mock.method(console, 'warn', () => {});

// Every scope of the program, by the node that makes it, with its bindings as plain data.
function describeScopes(program) {
  const scopes = new Map();
  const add = (scope) => {
    if (scopes.has(scope.block)) return;
    const bindings = {};
    for (const [name, binding] of Object.entries(scope.bindings)) {
      // Babel's TypeScript plugin leaves `undefined` for a `declare class` it removed, with or without ours.
      if (binding === undefined) continue;
      bindings[name] = {
        kind: binding.kind,
        identifier: binding.identifier,
        references: binding.references,
        referenceNodes: new Set(binding.referencePaths.map((path) => path.node)),
        violations: new Set(binding.constantViolations.map((path) => path.node)),
      };
    }
    const globals = Object.keys(scope.globals).sort();
    scopes.set(scope.block, { type: scope.block.type, line: scope.block.loc?.start.line, bindings, globals, labels: [...scope.labels.keys()].sort() });
  };
  add(program.scope);
  program.traverse({
    Scope(path) {
      add(path.scope);
    },
  });
  return scopes;
}

function compareAfterThePlugin(code, options = {}, { instrumented = true } = {}) {
  let asLeft;
  let asReRead;
  const reRead = () => ({
    visitor: {
      Program(program) {
        asLeft = describeScopes(program);
        program.scope.crawl();
        asReRead = describeScopes(program);
      },
    },
  });
  const output = compile(code, { ...options, plugins: [...(options.plugins ?? []), reRead] }).code;
  if (instrumented) assert.match(output, /_ddSpan\.start\(/, 'the source must be instrumented for the comparison to mean anything');
  const differences = [];
  for (const [block, expected] of asReRead) {
    const where = `${expected.type} at line ${expected.line ?? '(generated)'}`;
    const actual = asLeft.get(block);
    if (actual === undefined) {
      differences.push(`${where}: no scope`);
      continue;
    }
    if (actual.labels.join() !== expected.labels.join()) differences.push(`${where}: labels ${actual.labels} instead of ${expected.labels}`);
    if (actual.globals.join() !== expected.globals.join()) differences.push(`${where}: globals ${actual.globals} instead of ${expected.globals}`);
    for (const [name, binding] of Object.entries(expected.bindings)) {
      const left = actual.bindings[name];
      if (left === undefined) {
        differences.push(`${where}: no binding ${name}`);
        continue;
      }
      if (left.kind !== binding.kind) differences.push(`${where}: ${name} is a ${left.kind}, not a ${binding.kind}`);
      if (left.identifier !== binding.identifier) differences.push(`${where}: ${name} is declared by another identifier`);
      if (left.references !== binding.references) differences.push(`${where}: ${name} has ${left.references} references, not ${binding.references}`);
      const sameNodes = (a, b) => a.size === b.size && [...a].every((node) => b.has(node));
      if (!sameNodes(left.referenceNodes, binding.referenceNodes)) differences.push(`${where}: ${name} has other reference paths`);
      if (!sameNodes(left.violations, binding.violations)) differences.push(`${where}: ${name} has other reassignments`);
    }
    for (const name of Object.keys(actual.bindings)) {
      if (!(name in expected.bindings)) differences.push(`${where}: ${name} should not be bound here`);
    }
  }
  for (const [block, actual] of asLeft) {
    if (!asReRead.has(block)) differences.push(`${actual.type} at line ${actual.line ?? '(generated)'}: a scope no re-read makes`);
  }
  assert.deepEqual(differences, []);
}

const BODY_DECLARATIONS = `
//dd:span
export function declarations(a, b = a) {
  var counter = 0;
  let total = a;
  const limit = 10;
  class Helper {}
  function nested() { return total + counter; }
  function a() {}
  outer: for (let i = 0; i < limit; i++) {
    if (i > b) break outer;
    total += i;
    counter++;
  }
  { let shadow = total; total = shadow; }
  return () => new Helper(nested(), a);
}
`;

const MOVED_NODES = `
//dd:span
export const mixin = (Base) => class Mixed extends Base {
  //dd:span
  method(x) {
    const y = x * 2;
    return function inner() { return y; };
  }
};

//dd:span
export function factory(value) {
  if (value) return class Made { get v() { return value; } };
  return (function () { return value; })();
}
`;

const SUSPENSIONS = `
//dd:span
export async function load(ids, source) {
  const rows = [];
  for await (const row of source(ids)) {
    try {
      rows.push(await row);
    } catch (error) {
      rows.push(error);
    } finally {
      rows.length;
    }
  }
  return rows;
}

//dd:span
export function* walk(tree) {
  let node = tree;
  while (node) {
    const next = yield node.value;
    yield* next;
    node = node.next;
  }
}

//dd:span
export async function* stream(items) {
  for (const item of items) yield await item;
}
`;

const INTEGRATIONS = `
export function free() {
  return fetch('/outside');
}

//dd:span
export async function handler(event, element) {
  setTimeout(() => done(event), 10);
  element.addEventListener('click', function () { return event; });
  const response = await fetch('/inside', { method: 'POST' });
  function later() {
    return response.json().then((body) => body.value);
  }
  return later();
}
`;

describe('scope information after the plugin matches a full re-read', () => {
  test('declarations of every kind in a rewritten body, labels and a lifted function', () => {
    compareAfterThePlugin(BODY_DECLARATIONS);
  });

  test('functions and classes the rewrite moves into generated calls', () => {
    compareAfterThePlugin(MOVED_NODES);
  });

  test('async functions and generators, with their suspensions and handlers', () => {
    compareAfterThePlugin(SUSPENSIONS);
  });

  test('`await using` declarations, with the exit guards and resumptions they get', () => {
    const source = readFileSync(new URL('./fixtures/parser/await-using/input.mjs', import.meta.url), 'utf8');
    compareAfterThePlugin(source, { parserOpts: { plugins: ['explicitResourceManagement'] } });
  });

  test('the integrations rewrite calls inside and outside annotated functions', () => {
    compareAfterThePlugin(INTEGRATIONS, { pluginOptions: { integrations: { fetch: true, asyncContext: true } } });
  });

  test('a CommonJS script, where the runtime is required', () => {
    compareAfterThePlugin(`const { join } = require('path');\n${BODY_DECLARATIONS.replace('export ', '')}\nmodule.exports = { declarations, join };\n`, {
      sourceType: 'script',
    });
  });

  test('TypeScript keeps the runtime import (and Babel 7 removes a type-only one)', () => {
    const source = `import { Row } from './types';
import { fetchRow } from './rows';

//dd:span
export function first(id: string): Row {
  return fetchRow(id);
}
`;
    compareAfterThePlugin(source, { filename: 'input.ts', presets: [presetTypescriptPath] });
    const output = compile(source, { filename: 'input.ts', presets: [presetTypescriptPath] }).code;
    assert.match(output, /^import \{ instrumentation as _ddSpan \} from "dd-span-runtime";$/m);
    assert.match(output, /^import \{ fetchRow \} from '\.\/rows';$/m);
    // Babel 7's TypeScript plugin removes the imports it sees no value reference to (Babel 8's keeps
    // them all): this one shows the removal was at work when it kept the runtime's.
    if (babelMajor === 7) assert.doesNotMatch(output, /\.\/types/);
  });
});

describe('scope information after the plugin matches a full re-read, on every fixture and on large real files', () => {
  for (const { dir, input } of findCases(FIXTURES)) {
    const name = path.relative(FIXTURES, dir).split(path.sep).join('/');
    test(`fixture ${name}`, () => {
      const options = optionsFor(dir);
      // Fixtures of near misses and ignored code instrument nothing: their scopes must still be right.
      compareAfterThePlugin(readFileSync(input, 'utf8'), caseCompileOptions(options, input), { instrumented: false });
    });
  }

  const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
  for (const [name, file] of [
    ['lodash.js', requireFromRepo.resolve('lodash/lodash.js')],
    ['@babel/parser', requireFromRepo.resolve('@babel/parser/lib/index.js')],
  ]) {
    test(`${name} with \`//dd:span\` above every function`, () => {
      const { code, expectedSites } = annotate(readFileSync(file, 'utf8'), { filename: file });
      assert.ok(expectedSites > 500, `${name}: ${expectedSites} functions annotated`);
      const { sourceType, parserOpts } = parserOptionsFor(file);
      compareAfterThePlugin(code, { filename: file, sourceType, parserOpts });
    });
  }
});
