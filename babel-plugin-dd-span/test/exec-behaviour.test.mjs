// Issue 2 §4: an annotated function behaves exactly as before. Each test runs one module as written
// and compiled, compares what its `observe()` sees, and checks that the compiled run made spans.
import { test } from 'node:test';
import { assertSameBehaviour } from './support/exec.mjs';

test('return values and thrown values keep their identity', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function same(x) { return x; }
    //dd:span
    function rethrow(x) { throw x; }
    //dd:span
    function passPromise(p) { return p; }
    //dd:span
    async function sameLater(x) { await null; return x; }
    //dd:span
    async function rejectLater(x) { await null; throw x; }
    module.exports.observe = async () => {
      const value = { id: 1 };
      const promise = Promise.resolve(value);
      const seen = [same(value) === value, passPromise(promise) === promise];
      try { rethrow(value); } catch (caught) { seen.push(caught === value); }
      seen.push((await sameLater(value)) === value);
      try { await rejectLater(value); } catch (caught) { seen.push(caught === value); }
      return seen;
    };
    `,
    { expected: [true, true, true, true, true], spans: ['same', 'passPromise', 'rethrow', 'sameLater', 'rejectLater'] },
  );
});

test('`this` is the receiver, boxed in sloppy code and untouched in strict code', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function sloppyThis() { return this; }
    //dd:span
    function strictThis() { 'use strict'; return this; }
    const holder = {
      label: 'holder',
      //dd:span
      method() { return this.label; },
      //dd:span
      lexical() {
        //dd:span
        const arrow = () => this.label;
        return arrow();
      },
    };
    module.exports.observe = () => [
      sloppyThis() === globalThis,
      typeof sloppyThis.call(5),
      strictThis(),
      strictThis.call(5),
      holder.method(),
      holder.method.call({ label: 'other' }),
      holder.lexical(),
    ];
    `,
    {
      expected: [true, 'object', undefined, 5, 'holder', 'other', 'holder'],
      spans: ['sloppyThis', 'sloppyThis', 'strictThis', 'strictThis', 'method', 'method', 'lexical', 'arrow'],
    },
  );
});

test('`arguments` is the same object, still mapped to the parameters in sloppy code', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function mapped(a, b) { a = 'assigned'; arguments[1] = 'through arguments'; return [arguments[0], b, arguments.length]; }
    //dd:span
    function unmapped(a) { 'use strict'; a = 'assigned'; return [arguments[0], a]; }
    //dd:span
    function extra() { return Array.prototype.slice.call(arguments); }
    //dd:span
    async function acrossAwait(a) { await null; a = 'assigned'; return [arguments[0], arguments.length]; }
    //dd:span
    function* acrossYield(a) { yield arguments[0]; a = 'assigned'; yield arguments[0]; }
    //dd:span
    function seenByArrow(a) { const read = () => arguments[0]; a = 'assigned'; return read(); }
    module.exports.observe = async () => [
      mapped('a', 'b'),
      unmapped('a'),
      extra(1, 2, 3),
      await acrossAwait('a', 'b'),
      [...acrossYield('a')],
      seenByArrow('a'),
    ];
    `,
    {
      expected: [
        ['assigned', 'through arguments', 2],
        ['a', 'assigned'],
        [1, 2, 3],
        ['assigned', 2],
        ['a', 'assigned'],
        'assigned',
      ],
      spans: ['mapped', 'unmapped', 'extra', 'acrossAwait', 'acrossYield', 'seenByArrow'],
    },
  );
});

test('`new.target` tells a construction from a call, in functions and class constructors', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function Point() { if (!new.target) return 'called'; this.constructed = new.target === Point; }
    class Base {
      //dd:span
      constructor() { this.target = new.target.name; }
    }
    class Derived extends Base {}
    module.exports.observe = () => [Point(), new Point().constructed, new Base().target, new Derived().target];
    `,
    { expected: ['called', true, 'Base', 'Derived'], spans: ['Point', 'Point', 'Base', 'Base'] },
  );
});

test('`super()` and `super.x` work in derived constructors, methods, accessors, async methods and arrows', async () => {
  await assertSameBehaviour(
    `
    class Base {
      constructor(x) { this.x = x; }
      greet() { return 'base ' + this.x; }
      static make() { return 'made'; }
      get size() { return this.x; }
    }
    class Derived extends Base {
      //dd:span
      constructor(x) {
        if (x < 0) throw new RangeError('negative');
        const doubled = x * 2;
        const target = new.target.name;
        super(doubled);
        this.target = target;
      }
      //dd:span
      greet() { return 'derived, ' + super.greet(); }
      //dd:span
      static make() { return super.make() + ' again'; }
      //dd:span
      get size() { return super.size + 1; }
      //dd:span
      async later() { await null; return super.greet(); }
      //dd:span
      viaArrow() { const call = () => super.greet(); return call(); }
    }
    class TouchesThisTooEarly extends Base {
      //dd:span
      constructor() { this.x = 1; super(1); }
    }
    class NeverCallsSuper extends Base {
      //dd:span
      constructor() {}
    }
    const outcome = (make) => { try { return make(); } catch (error) { return error.constructor.name; } };
    module.exports.observe = async () => {
      const instance = new Derived(2);
      return [
        instance.x, instance.target, instance.greet(), Derived.make(), instance.size, await instance.later(),
        instance.viaArrow(), outcome(() => new Derived(-1)), outcome(() => new TouchesThisTooEarly()),
        outcome(() => new NeverCallsSuper()),
      ];
    };
    `,
    {
      expected: [4, 'Derived', 'derived, base 4', 'made again', 5, 'base 4', 'base 4', 'RangeError', 'ReferenceError', 'ReferenceError'],
      spans: ['Derived', 'Derived', 'TouchesThisTooEarly', 'NeverCallsSuper', 'greet', 'make', 'size', 'later', 'viaArrow'],
    },
  );
});

test('`length` and `name` of every kind of annotated function are unchanged', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function declaration(a, b = 1, ...rest) {}
    //dd:span
    const arrow = (a, b) => a;
    //dd:span
    const anonymousExpression = function (x) {};
    //dd:span
    const namedExpression = function inner(x, y, z) {};
    //dd:span
    async function asyncDeclaration(a) {}
    //dd:span
    function* generator(a, b) {}
    //dd:span
    async function* asyncGenerator({ a }, [b]) {}
    const object = {
      //dd:span
      method(a) {},
      //dd:span
      get prop() { return 1; },
      //dd:span
      set prop(value) {},
      //dd:span
      ['comp' + 'uted'](a, b) {},
      //dd:span
      arrowProperty: (q) => q,
    };
    class Klass {
      //dd:span
      static staticMethod(a, b, c) {}
      //dd:span
      #privateMethod(a) {}
      //dd:span
      field = (a, b) => {};
      describePrivate() { return [this.#privateMethod.name, this.#privateMethod.length]; }
      callPrivate() { return this.#privateMethod(); }
    }
    const accessors = Object.getOwnPropertyDescriptor(object, 'prop');
    const instance = new Klass();
    const functions = [
      declaration, arrow, anonymousExpression, namedExpression, asyncDeclaration, generator, asyncGenerator,
      object.method, accessors.get, accessors.set, object.computed, object.arrowProperty, Klass.staticMethod, instance.field,
    ];
    module.exports.observe = async () => {
      const described = functions.map((fn) => [fn.name, fn.length, 'prototype' in fn]);
      described.push(instance.describePrivate());
      // Calling each one proves it was instrumented.
      for (const fn of functions) {
        const result = fn.call(object, {}, []);
        if (result && typeof result.next === 'function') await result.next();
        else await result;
      }
      instance.callPrivate();
      return described;
    };
    `,
    {
      expected: [
        ['declaration', 1, true],
        ['arrow', 2, false],
        ['anonymousExpression', 1, true],
        ['inner', 3, true],
        ['asyncDeclaration', 1, false],
        ['generator', 2, true],
        ['asyncGenerator', 2, true],
        ['method', 1, false],
        ['get prop', 0, false],
        ['set prop', 1, false],
        ['computed', 2, false],
        ['arrowProperty', 1, false],
        ['staticMethod', 3, false],
        ['field', 2, false],
        ['#privateMethod', 1],
      ],
      spans: [
        'declaration', 'arrow', 'anonymousExpression', 'inner', 'asyncDeclaration', 'generator', 'asyncGenerator', 'method',
        'prop', 'prop', 'anonymous', 'arrowProperty', 'staticMethod', 'field', '#privateMethod',
      ],
    },
  );
});

test('inner function declarations are hoisted and see the body’s own let, const and class bindings', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function callsBeforeDeclaration() { return helper(); function helper() { return 'hoisted'; } }
    //dd:span
    function closesOverBody() {
      const secret = 40;
      let later = 1;
      function read() { return secret + later; }
      later = 2;
      return read();
    }
    //dd:span
    function usesBodyClass() {
      class Made { check() { return make() instanceof Made; } }
      function make() { return new Made(); }
      return new Made().check();
    }
    //dd:span
    async function acrossAwait() { const base = 'async'; await null; return helper(); function helper() { return base; } }
    //dd:span
    function* generatorHelpers() { const base = 'gen'; yield helper(); function helper() { return base; } }
    //dd:span
    function seesBodyTdz() { try { return helper(); } catch (error) { return error.constructor.name; } function helper() { return late; } }
    const late = 'not this one';
    //dd:span
    function varHoisting() { const before = typeof value; var value = 1; return [before, value]; }
    module.exports.observe = async () => [
      callsBeforeDeclaration(), closesOverBody(), usesBodyClass(), await acrossAwait(), [...generatorHelpers()],
      seesBodyTdz(), varHoisting(),
    ];
    `,
    {
      expected: ['hoisted', 42, true, 'async', ['gen'], 'not this one', ['undefined', 1]],
      spans: ['callsBeforeDeclaration', 'closesOverBody', 'usesBodyClass', 'acrossAwait', 'generatorHelpers', 'seesBodyTdz', 'varHoisting'],
    },
  );
});

test('inner function declarations that share a name with a parameter, a var or each other bind as before', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function shadowsParameter(callback) { function callback() {} return [typeof callback, typeof arguments[0]]; }
    //dd:span
    function sharesVar() { var shared = 1; function shared() {} return typeof shared; }
    //dd:span
    function strictDuplicate() { 'use strict'; function twice() { return 1; } function twice() { return 2; } return twice(); }
    //dd:span
    function sloppyDuplicate() { function twice() { return 1; } function twice() { return 2; } return twice(); }
    //dd:span
    function nestedBlockDeclaration() {
      const before = outer();
      { function outer() { return 'inner block'; } }
      return [before, outer()];
      function outer() { return 'function level'; }
    }
    module.exports.observe = () => [
      shadowsParameter('text'), sharesVar(), strictDuplicate(), sloppyDuplicate(), nestedBlockDeclaration(),
    ];
    `,
    {
      expected: [['function', 'function'], 'number', 2, 2, ['function level', 'inner block']],
      spans: ['shadowsParameter', 'sharesVar', 'strictDuplicate', 'sloppyDuplicate', 'nestedBlockDeclaration'],
    },
  );
});

test('a "use strict" prologue stays first and keeps the function strict', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function strict() {
      'use strict';
      const seen = [this === undefined];
      try { undeclaredVariable = 1; } catch (error) { seen.push(error.constructor.name); }
      return seen;
    }
    //dd:span
    function sloppy() { return this === undefined; }
    module.exports.observe = () => [strict(), sloppy(), typeof globalThis.undeclaredVariable];
    `,
    { expected: [[true, 'ReferenceError'], false, 'undefined'], spans: ['strict', 'sloppy'] },
  );
});

test('default parameters run natively before the span: values, closures and a throwing default', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    function defaults(a, b = a * 2, c = () => a + b) { a = 10; return [a, b, c()]; }
    //dd:span
    function throwingDefault(a = missing()) { return a; }
    function missing() { throw new TypeError('no default'); }
    module.exports.observe = () => {
      const seen = [defaults(1)];
      try { throwingDefault(); } catch (error) { seen.push(error.message); }
      seen.push(throwingDefault('given'));
      return seen;
    };
    `,
    { expected: [[10, 2, 12], 'no default', 'given'], spans: ['defaults', 'throwingDefault'] },
  );
});

test('generators stay lazy: nothing of the body runs before the first next()', async () => {
  await assertSameBehaviour(
    `
    const log = [];
    //dd:span
    function* lazy(n) { log.push('body'); for (let i = 0; i < n; i++) log.push(yield i); return 'done'; }
    module.exports.observe = () => {
      const iterator = lazy(2);
      log.push('created');
      log.push(JSON.stringify(iterator.next('ignored')));
      log.push(JSON.stringify(iterator.next('a')));
      log.push(JSON.stringify(iterator.next('b')));
      log.push(JSON.stringify(iterator.next('c')));
      return log;
    };
    `,
    {
      expected: [
        'created', 'body', '{"value":0,"done":false}', 'a', '{"value":1,"done":false}', 'b',
        '{"value":"done","done":true}', '{"done":true}',
      ],
      spans: ['lazy'],
    },
  );
});

test('async generators keep their semantics: values, queued next(), return() and throw()', async () => {
  await assertSameBehaviour(
    `
    const log = [];
    //dd:span
    async function* numbers() {
      try {
        for (let i = 0; i < 3; i++) {
          try { log.push('sent ' + (yield await Promise.resolve(i))); }
          catch (error) { if (error === 'fatal') throw error; log.push('caught ' + error); yield 'recovered'; }
        }
        return 'complete';
      } finally {
        await null;
        log.push('cleanup');
      }
    }
    module.exports.observe = async () => {
      const first = numbers();
      const queued = await Promise.all([first.next(), first.next('x'), first.next('y')]);
      const thrown = await first.throw('boom');
      const completed = await first.next('z');
      const afterCompletion = await first.next();
      const second = numbers();
      await second.next();
      const returned = await second.return('early');
      const third = numbers();
      await third.next();
      const rejection = await third.throw('fatal').catch((error) => 'rejected with ' + error);
      return { log, queued, thrown, completed, afterCompletion, returned, rejection };
    };
    `,
    {
      expected: {
        log: ['sent x', 'sent y', 'caught boom', 'cleanup', 'cleanup', 'cleanup'],
        queued: [{ value: 0, done: false }, { value: 1, done: false }, { value: 2, done: false }],
        thrown: { value: 'recovered', done: false },
        completed: { value: 'complete', done: true },
        afterCompletion: { value: undefined, done: true },
        returned: { value: 'early', done: true },
        rejection: 'rejected with fatal',
      },
      spans: ['numbers', 'numbers', 'numbers'],
    },
  );
});

test('arrow functions with an expression body return the same values', async () => {
  await assertSameBehaviour(
    `
    //dd:span
    const object = (x) => ({ x });
    //dd:span
    const curried = (a) => (b) => a + b;
    //dd:span
    const doubledLater = async (x) => (await x) * 2;
    //dd:span
    const sequence = (x) => (x++, x);
    module.exports.observe = async () => [object(1), curried(1)(2), await doubledLater(Promise.resolve(4)), sequence(1)];
    `,
    { expected: [{ x: 1 }, 3, 8, 2], spans: ['object', 'curried', 'doubledLater', 'sequence'] },
  );
});

test('getters and setters on objects and classes read and write as before', async () => {
  await assertSameBehaviour(
    `
    const object = {
      stored: 1,
      //dd:span
      get value() { return this.stored * 10; },
      //dd:span
      set value(v) { this.stored = v; return 'ignored'; },
    };
    class Temperature {
      #celsius = 0;
      static #instances = 0;
      //dd:span
      get fahrenheit() { return this.#celsius * 9 / 5 + 32; }
      //dd:span
      set fahrenheit(f) { this.#celsius = (f - 32) * 5 / 9; Temperature.#instances++; }
      //dd:span
      static get count() { return Temperature.#instances; }
      //dd:span
      get #secret() { return 'private ' + this.#celsius; }
      reveal() { return this.#secret; }
    }
    module.exports.observe = () => {
      const before = object.value;
      const assignment = (object.value = 7);
      const t = new Temperature();
      t.fahrenheit = 212;
      return [before, assignment, object.value, t.fahrenheit, Temperature.count, t.reveal()];
    };
    `,
    {
      expected: [10, 7, 70, 212, 1, 'private 100'],
      spans: ['value', 'value', 'value', 'fahrenheit', 'fahrenheit', 'count', '#secret'],
    },
  );
});

test('for await and yield* keep the iteration protocol: one read of the iterator method, adaptation, closing', async () => {
  await assertSameBehaviour(
    `
    const log = [];
    //dd:span
    async function collect(iterable) { const seen = []; for await (const value of iterable) seen.push(value); return seen; }
    //dd:span
    function* delegate(iterable) { return yield* iterable; }
    //dd:span
    async function* delegateAsync(iterable) { return yield* iterable; }
    const counted = {
      get [Symbol.asyncIterator]() { log.push('read asyncIterator'); return async function* () { yield 'a'; }; },
      get [Symbol.iterator]() { log.push('read iterator'); return function* () { yield 'never'; }; },
    };
    function withoutThrow() {
      let i = 0;
      return { [Symbol.iterator]() { return { next: () => ({ value: i++, done: false }), return: (v) => { log.push('closed'); return { value: v, done: true }; } }; } };
    }
    function withoutReturn() {
      return { [Symbol.iterator]() { return { next: (v) => ({ value: 'got ' + v, done: false }) }; } };
    }
    const outcome = (run) => { try { return run(); } catch (error) { return error.constructor.name; } };
    module.exports.observe = async () => {
      const results = [await collect(counted), await collect([Promise.resolve(1), 2]), await collect('ab')];
      const noThrow = delegate(withoutThrow());
      noThrow.next();
      results.push(outcome(() => noThrow.throw(new Error('into yield*'))));
      const noReturn = delegate(withoutReturn());
      results.push(noReturn.next('ignored'), noReturn.next('x'), noReturn.return('stopped'), noReturn.next());
      results.push(outcome(() => delegate({ [Symbol.iterator]: () => null }).next()));
      results.push(await collect(delegateAsync([3, Promise.resolve(4)])));
      for (const notIterable of [5, {}, null, { [Symbol.asyncIterator]: 1 }]) {
        results.push(await collect(notIterable).catch((error) => error.constructor.name));
        results.push(outcome(() => delegate(notIterable).next()));
      }
      return { results, log };
    };
    `,
    {
      expected: {
        results: [
          ['a'], [1, 2], ['a', 'b'], 'TypeError',
          { value: 'got undefined', done: false }, { value: 'got x', done: false }, { value: 'stopped', done: true }, { value: undefined, done: true },
          'TypeError', [3, 4],
          'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError',
        ],
        log: ['read asyncIterator', 'closed'],
      },
      spans: [
        'collect', 'collect', 'collect', 'collect', 'collect', 'collect', 'collect', 'collect',
        'delegate', 'delegate', 'delegate', 'delegate', 'delegate', 'delegate', 'delegate', 'delegateAsync',
      ],
    },
  );
});
