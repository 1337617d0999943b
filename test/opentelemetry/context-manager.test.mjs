// DdSpanContextManager must be a drop-in for OpenTelemetry's AsyncLocalStorageContextManager: each
// scenario runs against both, and the observations must be the expected ones and identical.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DdSpanContextManager } from 'dd-span-runtime/opentelemetry';

const KEY = createContextKey('test value');
const ctx = (value) => ROOT_CONTEXT.setValue(KEY, value);
const valueIn = (manager) => manager.active().getValue(KEY);

const scenarios = {
  async 'with() runs the callback in the context, with its receiver and arguments, and restores the previous one'(m) {
    const log = [];
    const receiver = { name: 'receiver' };
    const result = m.with(
      ctx('a'),
      function (x, y) {
        log.push(['inside', valueIn(m), this.name, x + y]);
        m.with(ctx('b'), () => log.push(['nested', valueIn(m)]));
        log.push(['after nested', valueIn(m)]);
        return 'result';
      },
      receiver,
      1,
      2,
    );
    log.push(['returned', result, valueIn(m)]);
    return log;
  },

  async 'with() restores the previous context when the callback throws'(m) {
    const log = [];
    m.with(ctx('outer'), () => {
      assert.throws(() => m.with(ctx('inner'), () => {
        throw new Error('boom');
      }));
      log.push(valueIn(m));
    });
    return log;
  },

  async 'an async callback keeps its context across awaits and in what it schedules, while the caller gets its own back'(m) {
    const log = [];
    const done = m.with(ctx('async'), async () => {
      await tick();
      log.push(['after await', valueIn(m)]);
      await new Promise((resolve) => setTimeout(() => resolve(log.push(['timer', valueIn(m)])), 1));
    });
    log.push(['caller', valueIn(m)]);
    await done;
    return log;
  },

  async 'a bound function runs in its context, keeps its length and receiver'(m) {
    const bound = m.bind(ctx('bound'), function (a, b) {
      return [valueIn(m), this?.name, a + b];
    });
    return m.with(ctx('caller'), () => [bound.length, bound.call({ name: 'me' }, 1, 2), valueIn(m)]);
  },

  async 'listeners added to a bound emitter run in its context; removing, once and removeAll still work'(m) {
    const emitter = new EventEmitter();
    assert.equal(m.bind(ctx('emitter'), emitter), emitter);
    // A second binding keeps the first, as the stock manager does.
    m.bind(ctx('second'), emitter);
    const log = [];
    const onA = () => log.push(['a', valueIn(m)]);
    const onceB = () => log.push(['b', valueIn(m)]);
    const offC = () => log.push(['c', valueIn(m)]);
    emitter.on('a', onA);
    emitter.once('b', onceB);
    emitter.prependListener('c', offC);
    emitter.off('c', offC);
    m.with(ctx('emit'), () => {
      emitter.emit('a');
      emitter.emit('b');
      emitter.emit('b');
      emitter.emit('c');
    });
    emitter.removeListener('a', onA);
    emitter.emit('a');
    emitter.on('d', onA);
    emitter.removeAllListeners('d');
    emitter.emit('d');
    emitter.on('e', onA);
    emitter.removeAllListeners();
    emitter.emit('e');
    log.push(['counts', emitter.listenerCount('a'), emitter.listenerCount('b'), emitter.listenerCount('c')]);
    return log;
  },

  // Whether callbacks scheduled before disable() still see their context differs between the stock
  // manager on Node 20 (they do not) and on Node 24's AsyncContextFrame (they do): not compared.
  async 'after disable() the active context is the root one, and with() works again'(m) {
    const inside = m.with(ctx('before disable'), () => {
      m.disable();
      return valueIn(m);
    });
    m.enable();
    return [inside, valueIn(m), m.with(ctx('again'), () => valueIn(m))];
  },
};

const expected = {
  'with() runs the callback in the context, with its receiver and arguments, and restores the previous one': [
    ['inside', 'a', 'receiver', 3],
    ['nested', 'b'],
    ['after nested', 'a'],
    ['returned', 'result', undefined],
  ],
  'with() restores the previous context when the callback throws': ['outer'],
  'an async callback keeps its context across awaits and in what it schedules, while the caller gets its own back': [
    ['caller', undefined],
    ['after await', 'async'],
    ['timer', 'async'],
  ],
  'a bound function runs in its context, keeps its length and receiver': [2, ['bound', 'me', 3], 'caller'],
  'listeners added to a bound emitter run in its context; removing, once and removeAll still work': [
    ['a', 'emitter'],
    ['b', 'emitter'],
    ['counts', 0, 0, 0],
  ],
  'after disable() the active context is the root one, and with() works again': [undefined, undefined, 'again'],
};

describe('DdSpanContextManager behaves like AsyncLocalStorageContextManager', () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    test(name, async () => {
      const ours = await scenario(new DdSpanContextManager().enable());
      const stock = await scenario(new AsyncLocalStorageContextManager().enable());
      assert.deepEqual(ours, expected[name]);
      assert.deepEqual(ours, stock);
    });
  }
});

test('enterWith() makes a context current for the rest of the running code and what it schedules', async () => {
  const m = new DdSpanContextManager();
  const seen = await m.with(ctx('outer'), async () => {
    m.enterWith(ctx('entered'));
    const inCallback = await new Promise((resolve) => setImmediate(() => resolve(valueIn(m))));
    return [inCallback, valueIn(m)];
  });
  assert.deepEqual(seen, ['entered', 'entered']);
  assert.equal(valueIn(m), undefined);
});

test('with no context entered, active() is an empty context that can be extended', () => {
  const m = new DdSpanContextManager();
  const root = m.active();
  assert.equal(root.getValue(KEY), undefined);
  const extended = root.setValue(KEY, 'x');
  assert.equal(extended.getValue(KEY), 'x');
  assert.equal(extended.deleteValue(KEY).getValue(KEY), undefined);
  assert.equal(root.getValue(KEY), undefined);
});
