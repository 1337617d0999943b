// The fetch integration through compiled code: calls of the global fetch become client spans, and
// compiled code still reads `fetch`, evaluates the arguments and calls with the receiver as written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEchoServer, traceHeadersOf } from '../../runtime/test/support/echo-server.mjs';
import { compile } from './support/babel.mjs';
import { assertSameBehaviour, observeInstrumented } from './support/exec.mjs';

const FETCH = { integrations: { fetch: true } };

let server;
before(async () => {
  server = await startEchoServer();
});
after(() => server.close());

describe('compiled fetch calls', () => {
  test('a fetch inside an instrumented function is its child span; headers go to allowed URLs only', async () => {
    const source = `
      //dd:span
      async function checkout(base) {
        const allowed = await fetch(base + '/allowed');
        const other = await globalThis.fetch('http://localhost:' + new URL(base).port + '/other?card=4242');
        return [await allowed.text(), other.status];
      }
      exports.observe = () => checkout(${JSON.stringify(server.url)});
    `;
    const pluginOptions = { integrations: { fetch: { allowedTracingUrls: [server.url] } } };
    const { observation, spans, leaked } = await observeInstrumented(source, { pluginOptions });
    assert.deepEqual(observation, ['ok', 200]);
    assert.equal(leaked, false);
    const checkout = spans.find((span) => span.name === 'checkout');
    const requests = spans.filter((span) => span.name === 'http.request');
    assert.deepEqual(
      requests.map((span) => [span.tags['http.url'], span.parentId === checkout.spanId]),
      [
        [`${server.url}/allowed`, true],
        [`http://localhost:${new URL(server.url).port}/other`, true],
      ],
    );
    const [allowed, other] = server.requests.slice(-2);
    assert.equal(traceHeadersOf(allowed.headers).traceparent, `00-${requests[0].traceId}-${requests[0].spanId}-01`);
    assert.deepEqual(traceHeadersOf(other.headers), {});
  });

  test('read fetch, evaluate the arguments and call with the receiver exactly as written', async () => {
    await assertSameBehaviour(
      `
      const log = [];
      const standIn = function () {
        'use strict'; // so that a call without a receiver shows as one
        const args = [...arguments];
        log.push('call with ' + (this === undefined ? 'no receiver' : this === globalThis ? 'globalThis' : 'another receiver') + ': ' + args.join(' '));
        return Promise.resolve(new Response('stand-in'));
      };
      const argument = (value) => {
        log.push('evaluate ' + value);
        return value;
      };

      exports.observe = async () => {
        const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
        Object.defineProperty(globalThis, 'fetch', {
          configurable: true,
          get() {
            log.push('read fetch');
            return standIn;
          },
        });
        try {
          const first = await fetch(argument('http://example.test/a'), argument('second'));
          await globalThis.fetch(argument('http://example.test/b'));
          log.push(await first.text());
          return log;
        } finally {
          Object.defineProperty(globalThis, 'fetch', original);
        }
      };
      `,
      {
        pluginOptions: FETCH,
        expected: [
          'read fetch',
          'evaluate http://example.test/a',
          'evaluate second',
          'call with no receiver: http://example.test/a second',
          'read fetch',
          'evaluate http://example.test/b',
          'call with globalThis: http://example.test/b',
          'stand-in',
        ],
        spans: ['http.request', 'http.request'],
      },
    );
  });

  test('a fetch the code binds itself is left alone', async () => {
    await assertSameBehaviour(
      `
      function load(fetch) {
        return fetch('http://example.test/');
      }
      exports.observe = () => load((url) => 'local ' + url);
      `,
      { pluginOptions: FETCH, expected: 'local http://example.test/', spans: [] },
    );
  });
});

describe('which files the plugin reads', () => {
  // The plugin records its warnings in result.metadata.ddSpan as soon as it starts on a file: its absence
  // shows the file was left before any traversal.
  const startedOn = (code, pluginOptions) => compile(code, { pluginOptions }).metadata.ddSpan !== undefined;

  test('a file with no directive is read only when an enabled integration can apply to its text', () => {
    assert.equal(startedOn('export const load = (url) => fetch(url);', FETCH), true);
    assert.equal(startedOn('export const load = (client) => client.prefetch;', FETCH), false);
    assert.equal(startedOn('export const load = (url) => fetch(url);', {}), false);
    // Callbacks are only bound inside instrumented functions: without a directive there is nothing to read.
    assert.equal(startedOn('setTimeout(() => {}, 10);', { integrations: { asyncContext: true } }), false);
  });

  test('the plugin alone enables no integration', () => {
    const code = 'fetch("/x");\n//dd:span\nfunction f(cb) {\n  setTimeout(cb);\n}';
    const { code: output } = compile(code);
    assert.match(output, /^fetch\("\/x"\);$/m);
    assert.match(output, /^ {4}setTimeout\(cb\);$/m);
  });
});
