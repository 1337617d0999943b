// The fetch integration's run-time half, driven as compiled code drives it
// (`tracedFetch(options, fetch, receiver, args)`), against a real local server and Node's real fetch.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { configure, configureFetch, tracedFetch } from 'dd-span-runtime';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { expectedTraceHeaders, startEchoServer, traceHeadersOf } from './support/echo-server.mjs';
import { tracedAsync } from './support/hand-compiled.mjs';

const realFetch = globalThis.fetch;
let server;

before(async () => {
  server = await startEchoServer();
});
after(() => server.close());
beforeEach(resetSpans);
afterEach(() => {
  configureFetch({ allowedTracingUrls: undefined, keepQueryString: undefined });
  configure({ tracer: recorder, sampleRate: 1 });
  delete globalThis.location;
});

// `fetch(...args)` as compiled code calls it, with the build's options for the file.
const call = (args, options = {}) => tracedFetch(options, realFetch, undefined, args);
const fetchSpans = () => getFinishedSpans().filter((span) => span.name === 'http.request');

describe('the http.request span', () => {
  test('is a client span with method, url (no query or fragment) and status, child of the active span', async () => {
    const parent = tracedAsync('load', () => call([`${server.url}/items/7?token=abc#top`]));
    const response = await parent();
    assert.equal(await response.text(), 'ok');
    const [span, outer] = getFinishedSpans();
    assert.equal(span.name, 'http.request');
    assert.equal(span.resource, 'GET');
    assert.equal(span.type, 'http');
    assert.deepEqual(span.tags, {
      'span.kind': 'client',
      component: 'fetch',
      'http.method': 'GET',
      'http.url': `${server.url}/items/7`,
      'http.status_code': '200',
    });
    assert.equal(span.error, 0);
    assert.equal(outer.name, 'load');
    assert.equal(span.parentId, outer.spanId);
    assert.equal(span.traceId, outer.traceId);
  });

  test('takes its method from the init, else from a Request', async () => {
    await call([`${server.url}/a`, { method: 'post', body: 'x' }]);
    await call([new Request(`${server.url}/b`, { method: 'PUT', body: 'y' })]);
    assert.deepEqual(fetchSpans().map((span) => [span.resource, span.tags['http.method']]), [['POST', 'POST'], ['PUT', 'PUT']]);
  });

  test('keepQueryString keeps the query string, from the build or from configureFetch', async () => {
    await call([`${server.url}/search?q=shoes#results`], { keepQueryString: true });
    configureFetch({ keepQueryString: true });
    await call([`${server.url}/search?q=hats`]);
    assert.deepEqual(fetchSpans().map((span) => span.tags['http.url']), [`${server.url}/search?q=shoes`, `${server.url}/search?q=hats`]);
  });

  test('a 5xx response is an error with its status; a 4xx is not', async () => {
    const failing = await call([`${server.url}/status/503`]);
    assert.equal(failing.status, 503);
    await call([`${server.url}/status/404`]);
    const [unavailable, missing] = fetchSpans();
    assert.equal(unavailable.error, 1);
    assert.equal(unavailable.tags['http.status_code'], '503');
    assert.equal(unavailable.tags['error.message'], 'HTTP 503 Service Unavailable');
    assert.equal(unavailable.tags['error.stack'], undefined);
    assert.equal(missing.error, 0);
    assert.equal(missing.tags['http.status_code'], '404');
  });

  test('a network failure rejects with what fetch rejects with, and is recorded', async () => {
    const closed = await startEchoServer();
    await closed.close();
    const direct = await realFetch(closed.url).then(() => null, (error) => error);
    const traced = await call([closed.url]).then(() => null, (error) => error);
    assert.ok(direct instanceof TypeError);
    assert.equal(traced.constructor, direct.constructor);
    assert.equal(traced.message, direct.message);
    const [span] = fetchSpans();
    assert.equal(span.error, 1);
    assert.equal(span.tags['error.type'], 'TypeError');
    assert.equal(span.tags['error.message'], direct.message);
    assert.equal(span.tags['http.status_code'], undefined);
  });
});

describe('trace headers', () => {
  test('go to allowed URLs, W3C and Datadog, naming the fetch span as the parent', async () => {
    await call([`${server.url}/allowed`], { allowedTracingUrls: [server.url] });
    const [span] = fetchSpans();
    assert.deepEqual(traceHeadersOf(server.last().headers), expectedTraceHeaders(span));
  });

  test('go nowhere else: by default, only the page\'s own origin is allowed', async () => {
    await call([`${server.url}/elsewhere`], { allowedTracingUrls: ['http://api.example.com'] });
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
    assert.equal(fetchSpans().length, 1, 'the span is recorded all the same');
  });

  test('go to the page\'s own origin', async () => {
    globalThis.location = { href: `${server.url}/app/page.html`, origin: server.url };
    await call([`${server.url}/api/cart`]);
    const [span] = fetchSpans();
    assert.deepEqual(traceHeadersOf(server.last().headers), expectedTraceHeaders(span));
  });

  test('resolve a relative URL against the page, as a browser\'s fetch does', async () => {
    globalThis.location = { href: 'https://shop.example.com/app/page.html', origin: 'https://shop.example.com' };
    const sent = [];
    const browserFetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return Promise.resolve(new Response('stand-in'));
    };
    await tracedFetch({}, browserFetch, undefined, ['../api/cart?id=3']);
    const [span] = fetchSpans();
    assert.equal(span.tags['http.url'], 'https://shop.example.com/api/cart');
    assert.equal(sent[0].get('traceparent'), expectedTraceHeaders(span).traceparent);
  });

  test('allowed by a string prefix, a RegExp (a /g one answers the same every time), or a configureFetch function', async () => {
    const allowedBy = async (options) => {
      await call([`${server.url}/check`], options);
      return traceHeadersOf(server.last().headers).traceparent !== undefined;
    };
    const sticky = /127\.0\.0\.1/g;
    assert.equal(await allowedBy({ allowedTracingUrls: [`${server.url}/ch`] }), true);
    assert.equal(await allowedBy({ allowedTracingUrls: [`${server.url}/other`] }), false);
    assert.equal(await allowedBy({ allowedTracingUrls: [sticky] }), true);
    assert.equal(await allowedBy({ allowedTracingUrls: [sticky] }), true);
    configureFetch({ allowedTracingUrls: [(url) => url.endsWith('/check')] });
    assert.equal(await allowedBy({}), true);
    configureFetch({ allowedTracingUrls: [() => false] });
    assert.equal(await allowedBy({ allowedTracingUrls: [server.url] }), false, 'configureFetch replaces the build\'s list');
    configureFetch({
      allowedTracingUrls: [
        () => {
          throw new Error('a matcher that fails');
        },
      ],
    });
    assert.equal(await allowedBy({}), false);
  });

  test('are merged into the init\'s headers, whatever their form, without changing the caller\'s objects', async () => {
    const allowed = { allowedTracingUrls: [server.url] };
    const headers = new Headers({ 'x-user': 'headers-object' });
    const init = { method: 'POST', body: 'payload', headers };
    await call([`${server.url}/a`, init], allowed);
    assert.equal(server.last().headers['x-user'], 'headers-object');
    assert.equal(server.last().body, 'payload');
    assert.ok(server.last().headers.traceparent);
    assert.equal(headers.has('traceparent'), false);
    assert.deepEqual(Object.keys(init), ['method', 'body', 'headers']);
    assert.equal(init.headers, headers);

    const pairs = [['x-user', 'pairs']];
    await call([`${server.url}/b`, { headers: pairs }], allowed);
    assert.equal(server.last().headers['x-user'], 'pairs');
    assert.deepEqual(pairs, [['x-user', 'pairs']]);

    const record = Object.freeze({ 'x-user': 'frozen record' });
    await call([`${server.url}/c`, Object.freeze({ headers: record })], allowed);
    assert.equal(server.last().headers['x-user'], 'frozen record');
    assert.ok(server.last().headers['x-datadog-trace-id']);
  });

  test('reach an init\'s inherited members and getters as fetch reads them', async () => {
    const base = {
      method: 'PUT',
      get body() {
        return 'from a getter';
      },
    };
    await call([`${server.url}/inherited`, Object.create(base)], { allowedTracingUrls: [server.url] });
    assert.equal(server.last().method, 'PUT');
    assert.equal(server.last().body, 'from a getter');
    assert.ok(server.last().headers.traceparent);
  });

  test('are added to a Request without consuming it: its method, headers, body and referrer reach the server', async () => {
    const request = new Request(`${server.url}/request`, {
      method: 'POST',
      body: 'request body',
      headers: { 'x-user': 'request' },
      referrer: `${server.url}/checkout-page`,
    });
    const response = await call([request], { allowedTracingUrls: [server.url] });
    assert.equal(response.status, 200);
    const seen = server.last();
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, 'request body');
    assert.equal(seen.headers['x-user'], 'request');
    // A Request given an init would otherwise fall back to the default referrer.
    assert.equal(seen.headers.referer, `${server.url}/checkout-page`);
    assert.deepEqual(traceHeadersOf(seen.headers), expectedTraceHeaders(fetchSpans()[0]));
    assert.equal(request.headers.has('traceparent'), false);
    // Exactly as after `fetch(request)`: fetch took the body.
    assert.equal(request.bodyUsed, true);
  });

  test('leave a request alone that already propagates a trace', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await call([`${server.url}/own`, { headers: { traceparent } }], { allowedTracingUrls: [server.url] });
    assert.deepEqual(traceHeadersOf(server.last().headers), { traceparent });
  });

  test('keep the other vendors\' tracestate entries after Datadog\'s', async () => {
    await call([`${server.url}/vendors`, { headers: { tracestate: 'rojo=00f067aa0ba902b7, dd=s:0' } }], { allowedTracingUrls: [server.url] });
    const [span] = fetchSpans();
    assert.equal(server.last().headers.tracestate, `dd=s:1;p:${span.spanId},rojo=00f067aa0ba902b7`);
  });

  test('are not sent for a trace the sampler dropped, which records no span', async () => {
    configure({ sampleRate: 0 });
    await call([`${server.url}/dropped`], { allowedTracingUrls: [server.url] });
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
    assert.deepEqual(getFinishedSpans(), []);
  });
});

describe('what fetch returns', () => {
  // A fetch that remembers what the real one resolved to, to compare identities.
  function recordingFetch() {
    const resolved = [];
    const fetch = (...args) => realFetch(...args).then((response) => (resolved.push(response), response));
    return { fetch, resolved };
  }

  test('is the very response object, its body still streaming when the span has ended', async () => {
    const { fetch, resolved } = recordingFetch();
    const response = await tracedFetch({}, fetch, undefined, [`${server.url}/stream`]);
    assert.equal(response, resolved[0]);
    assert.equal(fetchSpans().length, 1, 'the span ends with the response headers');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    assert.equal(text, 'first;', 'the first chunk arrives before the server has finished');
    server.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    assert.equal(text, 'first;second');
  });

  test('can be cloned, and both bodies read', async () => {
    const response = await call([`${server.url}/clone`]);
    const copy = response.clone();
    assert.deepEqual([await response.text(), await copy.text()], ['ok', 'ok']);
  });

  test('rejects as fetch does when an AbortSignal aborts, recorded on the span', async () => {
    const controller = new AbortController();
    const pending = call([`${server.url}/hang`, { signal: controller.signal }]);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    const [span] = fetchSpans();
    assert.equal(span.error, 1);
    assert.equal(span.tags['error.type'], 'AbortError');
  });

  test('is returned as it is when a stand-in fetch returns something other than a promise', () => {
    const value = { not: 'a promise' };
    assert.equal(tracedFetch({}, () => value, undefined, [`${server.url}/mock`]), value);
    assert.equal(fetchSpans().length, 1);
  });
});

describe('the call itself', () => {
  test('keeps its receiver and its arguments', async () => {
    const seen = [];
    const fetch = function (...args) {
      seen.push({ receiver: this, args });
      return Promise.resolve(new Response('stand-in'));
    };
    const input = `${server.url}/x`;
    const init = { method: 'GET' };
    await tracedFetch({}, fetch, undefined, [input, init, 'extra']);
    await tracedFetch({}, fetch, globalThis, [input]);
    assert.equal(seen[0].receiver, undefined);
    assert.deepEqual(seen[0].args, [input, init, 'extra']);
    assert.equal(seen[0].args[1], init, 'an init without trace headers is the caller\'s own object');
    assert.equal(seen[1].receiver, globalThis);
  });

  test('converts a URL object once, as fetch would', async () => {
    let conversions = 0;
    const input = {
      toString() {
        conversions++;
        return `${server.url}/converted`;
      },
    };
    await call([input]);
    assert.equal(conversions, 1);
    assert.equal(server.last().path, '/converted');
  });

  test('is fetch alone when no tracer is set', async () => {
    configure({ tracer: null });
    const init = { headers: { 'x-user': 'plain' } };
    await call([`${server.url}/untraced`, init], { allowedTracingUrls: [server.url] });
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
    configure({ tracer: recorder });
    assert.deepEqual(getFinishedSpans(), []);
  });

  test('never throws on its own: a tracer that throws, an input whose conversion throws, a fetch that is not one', async () => {
    configure({
      tracer: {
        startSpan() {
          throw new Error('tracer failure');
        },
      },
    });
    const response = await call([`${server.url}/tracer-fails`], { allowedTracingUrls: [server.url] });
    assert.equal(await response.text(), 'ok');

    configure({ tracer: recorder });
    const hostile = {
      toString() {
        throw new RangeError('no string for you');
      },
    };
    const direct = await Promise.resolve()
      .then(() => realFetch(hostile))
      .then(() => null, (error) => error);
    const traced = await Promise.resolve()
      .then(() => call([hostile]))
      .then(() => null, (error) => error);
    assert.ok(direct instanceof RangeError);
    assert.equal(traced.constructor, RangeError);
    assert.equal(traced.message, direct.message);

    assert.throws(() => tracedFetch({}, undefined, undefined, ['/x']), { name: 'TypeError', message: /fetch is not a function/ });
  });

  test('a failure inside a span handle is contained, and the request goes out as written', async () => {
    configure({
      tracer: {
        startSpan: () => ({
          context: {},
          recordError() {},
          finish() {},
          traceIds() {
            throw new Error('ids failure');
          },
          setTag() {
            throw new Error('tag failure');
          },
        }),
      },
    });
    const response = await call([`${server.url}/handle-fails`], { allowedTracingUrls: [server.url] });
    assert.equal(await response.text(), 'ok');
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
  });
});

describe('configureFetch', () => {
  const INVALID = [
    [{ allowedTracingUrl: [] }, /unknown configureFetch option `allowedTracingUrl`; accepted: allowedTracingUrls, keepQueryString/],
    [{ allowedTracingUrls: 'https://api' }, /configureFetch\(\{ allowedTracingUrls \}\) must be an array of strings, RegExps and functions/],
    [{ allowedTracingUrls: [42] }, /must be an array of strings, RegExps and functions; got 42/],
    [{ keepQueryString: 'yes' }, /configureFetch\(\{ keepQueryString \}\) must be true or false; got yes/],
  ];
  for (const [options, message] of INVALID) {
    test(`refuses ${JSON.stringify(options)} with a TypeError that names the option`, () => {
      assert.throws(() => configureFetch(options), (error) => error instanceof TypeError && message.test(error.message));
    });
  }
});
