// Property-based differential test: generated programs, with `//dd:span` and `//orchestrion:ignore`
// placed at random, behave exactly as written once compiled (every call returns, throws, yields and
// logs the same), and each call of an instrumented function finishes exactly one span.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { observeBoth } from './support/exec.mjs';

// Expressions and conditions over the parameter `x` and the shared `log`, all deterministic.
const value = fc.constantFrom('x', 'x + 1', 'x * 2', 'String(x)', "'s' + x", 'log.length');
const condition = fc.constantFrom('x > 1', 'x === 0', 'x !== 2', 'log.length % 2 === 0', 'log.length > 3');
const message = fc.constantFrom('boom', 'bad input', 'late');

/**
 * A statement that is valid where `context` says it stands: in an async function, a generator, a
 * loop, an arrow (no `arguments`). `depth` bounds nesting; loops are bounded, so every program ends.
 */
function statement(context, depth) {
  const options = [
    value.map((v) => `log.push(${v});`),
    fc.tuple(condition, value).map(([c, v]) => `if (${c}) return ${v};`),
    fc.tuple(condition, message).map(([c, m]) => `if (${c}) throw new Error('${m}');`),
    value.map((v) => `log.push(((y) => y + '!')(${v}));`),
    fc.constant('log.push([1, 2].map(function (v) { return v + arguments.length; }).join());'),
  ];
  if (!context.arrow) options.push(fc.constant('log.push(arguments.length);'));
  if (context.loop) options.push(condition.map((c) => `if (${c}) break;`), condition.map((c) => `if (${c}) continue;`));
  if (context.async) {
    options.push(
      value.map((v) => `log.push(await ${v});`),
      value.map((v) => `log.push(await Promise.resolve(${v}));`),
      message.map((m) => `log.push(await Promise.reject(new Error('${m}')).catch((e) => 'caught ' + e.message));`),
      fc.constant('for await (const v of pair(x)) log.push(v);'),
    );
  }
  if (context.generator) {
    options.push(
      value.map((v) => `log.push(yield ${v});`),
      fc.constant(context.async ? 'log.push(yield* pair(x));' : 'log.push(yield* counted(x));'),
    );
  }
  if (depth > 0) {
    const inner = (extra = {}) => block({ ...context, ...extra }, depth - 1);
    options.push(
      fc.tuple(condition, inner(), inner()).map(([c, a, b]) => `if (${c}) {\n${a}\n} else {\n${b}\n}`),
      inner({ loop: true }).map((body) => `for (let i${depth} = 0; i${depth} < 3; i${depth}++) {\nlog.push(i${depth});\n${body}\n}`),
      fc.tuple(inner(), inner(), inner()).map(
        ([a, b, c]) => `try {\n${a}\n} catch (e${depth}) {\nlog.push('caught ' + e${depth}.message);\n${b}\n} finally {\nlog.push('finally');\n${c}\n}`,
      ),
    );
  }
  return fc.oneof(...options);
}

// Statements, each maybe under `//orchestrion:ignore`.
function block(context, depth) {
  const ignored = fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 6 });
  const maybeIgnored = fc.tuple(ignored, statement(context, depth)).map(([ignore, code]) => (ignore ? `//orchestrion:ignore\n${code}` : code));
  return fc.array(maybeIgnored, { maxLength: 3 }).map((statements) => statements.join('\n'));
}

// Each kind: what a body may hold, how the function is written, and how `observe` calls it.
const KINDS = {
  sync: { context: {}, write: (name, body, d) => `${d}function ${name}(x) {\n${body}\n}`, call: (name) => `${name}(x)` },
  arrow: { context: { arrow: true }, inferred: true, write: (name, body, d) => `${d}const ${name} = (x) => {\n${body}\n};`, call: (name) => `${name}(x)` },
  async: { context: { async: true }, write: (name, body, d) => `${d}async function ${name}(x) {\n${body}\n}`, call: (name) => `${name}(x)` },
  asyncArrow: { context: { async: true, arrow: true }, inferred: true, write: (name, body, d) => `${d}const ${name} = async (x) => {\n${body}\n};`, call: (name) => `${name}(x)` },
  generator: { context: { generator: true }, write: (name, body, d) => `${d}function* ${name}(x) {\n${body}\n}`, call: (name) => `${name}(x)` },
  asyncGenerator: { context: { async: true, generator: true }, write: (name, body, d) => `${d}async function* ${name}(x) {\n${body}\n}`, call: (name) => `${name}(x)` },
  method: { context: {}, write: (name, body, d) => `const ${name}Holder = {\n${d}${name}(x) {\n${body}\n}\n};`, call: (name) => `${name}Holder.${name}(x)` },
  classAsync: {
    context: { async: true },
    write: (name, body, d) => `class ${name}Class {\n${d}async ${name}(x) {\n${body}\n}\n}`,
    call: (name) => `new ${name}Class().${name}(x)`,
  },
};

// Where the function stands: no directive, `//dd:span` (with or without arguments), or the same
// under `//orchestrion:ignore`, which removes it. `firstValue` names a function that has no declared
// name (an arrow in a `const`), as in Orchestrion.
const placement = fc.constantFrom(
  { directive: '', traced: false },
  { directive: '//dd:span\n', traced: true },
  { directive: '//dd:span team:core resource.name:"GET /"\n', traced: true, firstValue: 'core' },
  { directive: '//orchestrion:ignore\n//dd:span\n', traced: false },
);

const fn = fc.constantFrom(...Object.keys(KINDS)).chain((kind) =>
  fc.record({ kind: fc.constant(kind), body: block(KINDS[kind].context, 2), placement }),
);

const PRELUDE = `const log = [];
function* counted(x) { const got = yield x; log.push('got ' + got); return x + 1; }
async function* pair(x) { yield x; yield x + 1; }
// Runs what a call gave: a generator is stepped to its end (then closed), a promise awaited.
async function settle(result) {
  if (result !== null && typeof result === 'object' && typeof result.next === 'function') {
    const steps = [];
    try {
      for (let step = 0; step < 40; step++) {
        const next = await result.next('sent ' + step);
        steps.push(next.done ? { done: next.value } : { yielded: next.value });
        if (next.done) return steps;
      }
      for (let close = 0; close < 10; close++) {
        const next = await result.return('stop');
        steps.push({ closed: next.value, done: next.done });
        if (next.done) return steps;
      }
    } catch (error) {
      steps.push({ threw: error.message });
    }
    return steps;
  }
  if (result instanceof Promise) {
    try { return { resolved: await result }; } catch (error) { return { rejected: error.message }; }
  }
  return { returned: result };
}
`;

function program(functions) {
  const names = functions.map((_, index) => `f${index}`);
  const declarations = functions.map(({ kind, body, placement: { directive } }, index) => KINDS[kind].write(names[index], body, directive));
  const calls = functions.map(({ kind }, index) => `[${JSON.stringify(names[index])}, (x) => ${KINDS[kind].call(names[index])}]`);
  return `${PRELUDE}
${declarations.join('\n')}
module.exports.observe = async () => {
  const seen = [];
  for (const [name, call] of [${calls.join(', ')}]) {
    for (const x of [0, 1, 2, 3]) {
      log.length = 0;
      let outcome;
      try { outcome = await settle(call(x)); } catch (error) { outcome = { threw: error.message }; }
      seen.push({ name, x, outcome, log: [...log] });
    }
  }
  return seen;
};
`;
}

test('random directive and ignore placements over generated functions keep every call behaving as written', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fn, { minLength: 1, maxLength: 4 }), async (functions) => {
      const source = program(functions);
      const { original, instrumented, spans } = await observeBoth(source);
      assert.deepStrictEqual(instrumented, original);
      const expected = functions.flatMap(({ kind, placement: { traced, firstValue } }, index) =>
        traced ? Array(4).fill((KINDS[kind].inferred && firstValue) || `f${index}`) : [],
      );
      assert.deepStrictEqual(spans.map((span) => span.name).sort(), expected.sort());
    }),
    { numRuns: 150 },
  );
});
