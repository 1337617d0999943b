// `await using` (explicit resource management): a block that declares such a resource awaits its
// disposal as it exits, an await the source does not spell. The caller must get its own context
// back during that await, and the span must be active again after it, as at every spelled `await`.
// Each scenario runs natively where the engine has `await using` (Node 24), and compiled by
// @babel/plugin-transform-explicit-resource-management after the dd-span plugin where that plugin
// runs (Babel ≥ 7.23.9): the order a preset-env build has. The Babel 7.22 floor leg on Node 20 can
// do neither, and checks the generated code instead.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { babel, babelMajor, compile, repoRoot } from './support/babel.mjs';
import { observeInstrumented, traceShape as shape, withTracer } from './support/exec.mjs';

const requireFromHome = createRequire(path.join(process.env.DD_BABEL_HOME ? path.resolve(process.env.DD_BABEL_HOME) : repoRoot, 'package.json'));
const [, minor, patch] = babel.version.split('.').map(Number);
const downlevelRuns = babelMajor >= 8 || minor > 23 || (minor === 23 && patch >= 9);

let nativeRuns = true;
try {
  new Function('return async () => { await using resource = null; }');
} catch {
  nativeRuns = false;
}

const MODES = {
  ...(nativeRuns && { native: { parserOpts: { plugins: ['explicitResourceManagement'] } } }),
  ...(downlevelRuns && {
    downleveled: {
      parserOpts: { plugins: ['explicitResourceManagement'] },
      plugins: [requireFromHome.resolve('@babel/plugin-transform-explicit-resource-management')],
    },
  }),
};

const prelude = `
const { activeContext } = require('dd-span-runtime');
const turn = () => new Promise((resolve) => setImmediate(resolve));
// A resource whose disposal takes a turn of the event loop, and records that it ran.
const resource = (log, name) => ({ async [Symbol.asyncDispose]() { await turn(); log.push('disposed ' + name); } });
//dd:span
function probe() {}
//dd:span
function callerProbe() {}
`;

// Each `observe()` calls the traced function, calls `callerProbe()` while that call is suspended,
// and returns what it saw: the order of events, and whether the caller's context was its own.
const scenarios = {
  'a nested block with an `await using` resource': {
    source: `
    //dd:span
    async function traced(log) {
      probe();
      { await using first = resource(log, 'first'); log.push('in block'); }
      probe();
      return 'done';
    }`,
    events: ['in block', 'disposed first'],
    shape: ['callerProbe <- root', 'probe <- traced', 'probe <- traced', 'traced <- root'],
  },
  'resources declared in the function body itself, and one that is null': {
    source: `
    //dd:span
    async function traced(log) {
      await using first = resource(log, 'first');
      await using nothing = null;
      await using second = resource(log, 'second');
      probe();
      return 'done';
    }`,
    events: ['disposed second', 'disposed first'],
    shape: ['callerProbe <- root', 'probe <- traced', 'traced <- root'],
  },
  // Only where the engine runs it: Babel's transform (7.29, 8.1) lowers `for (await using …)` as a
  // plain `using`, which refuses a resource with only an async disposer.
  'a loop that declares its resource in its head, left by break': {
    nativeOnly: true,
    source: `
    //dd:span
    async function traced(log) {
      for (await using item of [resource(log, 'a'), resource(log, 'b'), resource(log, 'c')]) {
        probe();
        if (log.push('body') === 3) break;
      }
      probe();
      return 'done';
    }`,
    events: ['body', 'disposed a', 'body', 'disposed b'],
    shape: ['callerProbe <- root', 'probe <- traced', 'probe <- traced', 'probe <- traced', 'traced <- root'],
  },
  'a resource in a catch block and one in a block it holds, left by a throw': {
    source: `
    //dd:span
    async function traced(log) {
      probe();
      try {
        throw new Error('handled');
      } catch {
        await using second = resource(log, 'second');
        try {
          await using third = resource(log, 'third');
          throw new Error('through');
        } finally {
          probe();
        }
      }
    }`,
    events: ['disposed third', 'disposed second'],
    rejects: 'through',
    shape: ['callerProbe <- root', 'probe <- traced', 'probe <- traced', 'traced <- root'],
  },
  'a plain `using` awaits nothing and is left as it is': {
    source: `
    //dd:span
    async function traced(log) {
      { using plain = { [Symbol.dispose]() { log.push('disposed plain'); } }; await turn(); probe(); }
      probe();
    }`,
    events: ['disposed plain'],
    shape: ['callerProbe <- root', 'probe <- traced', 'probe <- traced', 'traced <- root'],
  },
};

const observe = `
module.exports.observe = async () => {
  const log = [];
  const before = activeContext();
  const call = traced(log);
  const callerKeptItsContext = activeContext() === before;
  callerProbe();
  const settled = await call.then((value) => ({ value }), (error) => ({ error: error.message }));
  return { log, callerKeptItsContext, settled };
};`;

for (const [mode, options] of Object.entries(MODES)) {
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (scenario.nativeOnly && mode !== 'native') continue;
    test(`${mode}: ${name}: the caller keeps its context while the disposal awaits, and the span resumes after it`, async () => {
      const { observation, spans, leaked } = await observeInstrumented(prelude + scenario.source + observe, options);
      assert.equal(leaked, false, 'a span stayed active after the call');
      assert.deepEqual(observation.log, scenario.events);
      assert.equal(observation.callerKeptItsContext, true, "the traced function's span was active in its caller");
      assert.deepEqual(observation.settled, scenario.rejects ? { error: scenario.rejects } : { value: observation.settled.value });
      assert.deepEqual(shape(spans), scenario.shape);
    });
  }
}

for (const [mode, options] of Object.entries(MODES)) {
  test(`${mode}: with tracing off, the guards are null, which \`using\` accepts, and the code runs as written`, async () => {
    const scenario = scenarios['resources declared in the function body itself, and one that is null'];
    const { observation, spans } = await withTracer(null, () => observeInstrumented(prelude + scenario.source + observe, options));
    assert.deepEqual(observation, { log: scenario.events, callerKeptItsContext: true, settled: { value: 'done' } });
    assert.deepEqual(spans, []);
  });
}

test('an exit guard follows each `await using` declaration, and each exit that awaits a disposal resumes', () => {
  const source = Object.values(scenarios).map((scenario) => scenario.source).join('\n').replace(/function traced/g, (match, offset) => `${match}${offset}`);
  const { code } = compile(prelude + source, { parserOpts: { plugins: ['explicitResourceManagement'] } });
  // Six `await using` declarations in blocks, each followed by a guard; one in a loop head, whose
  // body starts (after resuming) with one.
  assert.equal(code.match(/await using \w+ = [^;]+;\s*using _ddExit\d* = _ddSpan\.suspendOnExit\(_ddFrame\);/g)?.length, 6, code);
  assert.match(code, /for \(await using item of .+\) \{\s*_ddSpan\.resume\(_ddFrame\);\s*using _ddExit\d* = _ddSpan\.suspendOnExit\(_ddFrame\);/);
  // Every nested block with such a declaration, and the loop, resume on every way out; the bodies
  // that declare them exit into the span's own `finally`.
  assert.equal(code.match(/finally \{\s*_ddSpan\.resume\(_ddFrame\);\s*\}/g)?.length, 4, code);
  assert.doesNotMatch(code, /_ddExit\d* = _ddSpan\.suspendOnExit\(_ddFrame\);\s*using plain/);
  if (Object.keys(MODES).length === 0) {
    // This leg can neither run `await using` (Node 20) nor lower it (Babel before 7.23.9).
    assert.ok(!nativeRuns && !downlevelRuns);
  }
});
