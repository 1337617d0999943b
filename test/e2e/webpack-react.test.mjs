// examples/webpack-react end to end: the production build (webpack 5, babel-loader, babel-preset-dd)
// is served with a small backend and an OTLP receiver from one origin, clicked through in real
// headless Chromium, and the spans it exports are checked as a tree, with the trace headers the
// backend received. Twice: for today's browsers (native async functions) and for an ES5 target,
// where preset-env turns the instrumented async functions into state machines. A browser has no
// AsyncLocalStorage: every parent below comes from what the compiler generated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../support/app-server.mjs';
import { openChromium } from '../support/chromium.mjs';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/webpack-react');

const PRODUCTS = [
  { sku: 'tea', name: 'Tea', price: 4.5 },
  { sku: 'coffee', name: 'Coffee', price: 6 },
  { sku: 'cocoa', name: 'Cocoa', price: 7 },
];

const ROUTES = {
  'GET /api/products': { json: PRODUCTS },
  'POST /api/orders': { status: 503, json: { error: 'busy' } },
};

// The spans each click must produce; the fetch spans end before these, so they have arrived too.
// Handlers are arrow functions: their directive's first value names them (`//dd:span ui.action:checkout`).
// The list renders once loaded, once per added item, and once more for the checkout's outcome: React
// may run that last render after the checkout's span has ended, so it can come in a later export.
const AWAITED = { 'load-catalog': 1, loadCatalog: 1, totalPrice: 1, recordView: 1, 'add-to-cart': 2, checkout: 1, submitOrder: 1, ProductList: 4 };

const allArrived = (spans) => Object.entries(AWAITED).every(([name, count]) => spans.filter((span) => span.name === name).length >= count);

/** Builds into a temporary folder and returns it with the bundle's text. */
async function build(browserslistEnv) {
  const outputPath = await mkdtemp(path.join(tmpdir(), 'dd-span-webpack-'));
  const result = spawnSync('npx', ['webpack', '--mode', 'production', '--output-path', outputPath], {
    cwd: example,
    encoding: 'utf8',
    env: { ...process.env, BROWSERSLIST_ENV: browserslistEnv },
  });
  assert.equal(result.status, 0, `webpack failed:\n${result.stdout}\n${result.stderr}`);
  const bundle = (await readdir(outputPath)).find((file) => /^main\.[0-9a-f]+\.js$/.test(file));
  return { outputPath, bundle: await readFile(path.join(outputPath, bundle), 'utf8') };
}

/** The one span named `name`. */
function single(spans, name) {
  const found = spans.filter((span) => span.name === name);
  assert.equal(found.length, 1, `spans named ${name}: ${found.length}`);
  return found[0];
}

function assertChildOf(child, parent) {
  assert.equal(child.traceId, parent.traceId, `${child.name} is not in ${parent.name}'s trace`);
  assert.equal(child.parentSpanId, parent.spanId, `${child.name}'s parent is not ${parent.name}`);
}

/** The `http.request` span whose `http.url` has this path. */
function fetchSpan(spans, origin, pathname) {
  const found = spans.filter((span) => span.name === 'http.request' && new URL(span.attrs['http.url'], origin).pathname === pathname);
  assert.equal(found.length, 1, `http.request spans for ${pathname}: ${found.length} (of ${spans.filter((span) => span.name === 'http.request').length})`);
  return found[0];
}

const SPAN_KIND_CLIENT = 3;

/** Datadog's headers carry the span id and the trace id's low 64 bits in decimal, its high 64 bits in `x-datadog-tags`. */
const decimal = (hex) => BigInt(`0x${hex}`).toString();

for (const variant of [
  { name: 'today’s browsers', browserslistEnv: 'production', lowered: false },
  { name: 'an ES5 target', browserslistEnv: 'legacy', lowered: true },
]) {
  describe(`webpack-react built for ${variant.name}`, () => {
    let outputPath;
    let server;
    let browser;
    let spans;

    before(async () => {
      const built = await build(variant.browserslistEnv);
      outputPath = built.outputPath;
      // preset-env's regenerator helper names its objects so: present only when async functions were lowered.
      assert.equal(built.bundle.includes('[object Generator]'), variant.lowered);

      server = await startAppServer({ root: outputPath, routes: ROUTES });
      browser = await openChromium();
      const { page } = browser;
      // Each click is followed by the text it must show: a click that does not work fails here.
      const waitForText = (text) => page.getByText(text, { exact: true }).waitFor({ timeout: 10000 });
      await page.goto(server.origin);
      await page.getByRole('button', { name: 'Load products' }).click();
      await waitForText('3 products, 17.50 € in all');
      await page.getByRole('button', { name: 'Add Tea' }).click();
      await page.getByRole('button', { name: 'Add Coffee' }).click();
      await waitForText('Cart: 2 items');
      await page.getByRole('button', { name: 'Check out' }).click();
      await waitForText('Checkout failed: the order was refused: HTTP 503');
      spans = await server.waitForSpans(allArrived);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      if (outputPath) await rm(outputPath, { recursive: true, force: true });
    });

    test('the app behaves as written: the order reached the backend as sent, and the page had no error', () => {
      const order = server.requests.find((request) => request.method === 'POST' && request.path === '/api/orders');
      assert.deepEqual(JSON.parse(order.body), { skus: ['tea', 'coffee'] });
      assert.equal(order.headers['content-type'], 'application/json');
      assert.deepEqual(browser.problems, []);
    });

    test('the async loader is a child of the click handler, and so is the work after each of its awaits', () => {
      const handler = single(spans, 'load-catalog');
      const loader = single(spans, 'loadCatalog');
      assert.equal(handler.parentSpanId, undefined);
      assert.equal(handler.attrs['ui.action'], 'load-catalog');
      assert.equal(loader.attrs.component, 'catalog');
      assertChildOf(loader, handler);
      assertChildOf(single(spans, 'totalPrice'), loader);
    });

    test('the loader’s fetch is an http.request span below it, with its method, status, and URL without the query string', () => {
      const request = fetchSpan(spans, server.origin, '/api/products');
      assertChildOf(request, single(spans, 'loadCatalog'));
      assert.equal(request.attrs['http.method'], 'GET');
      assert.equal(new URL(request.attrs['http.url'], server.origin).search, '');
      assert.equal(String(request.attrs['http.status_code']), '200');
      assert.equal(request.status?.code, undefined);
    });

    test('the backend received the URL as sent, with trace headers that name the fetch span', () => {
      const request = fetchSpan(spans, server.origin, '/api/products');
      const received = server.requests.find((entry) => entry.method === 'GET' && entry.path === '/api/products');
      assert.equal(received.url, '/api/products?lang=en');
      assert.equal(received.headers.traceparent, `00-${request.traceId}-${request.spanId}-01`);
      assert.equal(received.headers['x-datadog-trace-id'], decimal(request.traceId.slice(16)));
      assert.equal(received.headers['x-datadog-parent-id'], decimal(request.spanId));
      assert.equal(received.headers['x-datadog-tags'], `_dd.p.tid=${request.traceId.slice(0, 16)}`);
    });

    test('each fetch span is exported as an OTLP client span', () => {
      for (const pathname of ['/api/products', '/api/orders']) {
        assert.equal(fetchSpan(spans, server.origin, pathname).kind, SPAN_KIND_CLIENT, `the span of ${pathname}`);
      }
    });

    test('a callback passed to setTimeout inside a traced handler runs in that handler’s span', () => {
      assertChildOf(single(spans, 'recordView'), single(spans, 'load-catalog'));
    });

    test('a refused order is an error on the loader that threw it, not on the handler that caught it', () => {
      const handler = single(spans, 'checkout');
      const loader = single(spans, 'submitOrder');
      assertChildOf(loader, handler);
      assert.equal(handler.status?.code, undefined);
      assert.equal(loader.status?.code, 2);
      assert.equal(loader.status.message, 'the order was refused: HTTP 503');
      assert.equal(loader.events[0].name, 'exception');
    });

    test('the refused request is an error on its fetch span, and the backend saw that span in its headers', () => {
      const request = fetchSpan(spans, server.origin, '/api/orders');
      assertChildOf(request, single(spans, 'submitOrder'));
      assert.equal(request.attrs['http.method'], 'POST');
      assert.equal(String(request.attrs['http.status_code']), '503');
      assert.equal(request.status?.code, 2);
      const received = server.requests.find((entry) => entry.path === '/api/orders');
      assert.equal(received.headers.traceparent, `00-${request.traceId}-${request.spanId}-01`);
    });

    test('renders and later clicks start traces of their own: no context outlives its span', () => {
      const renders = spans.filter((span) => span.name === 'ProductList');
      // Every render of the app once the list is shown: loaded, two items added, the checkout's outcome.
      assert.equal(renders.length, 4);
      const roots = [...renders, ...spans.filter((span) => span.name === 'add-to-cart')];
      for (const span of roots) assert.equal(span.parentSpanId, undefined, `${span.name} has a parent`);
      assert.equal(new Set(roots.map((span) => span.traceId)).size, roots.length);
      assert.deepEqual(new Set(roots.map((span) => span.attrs.component ?? span.attrs['ui.action'])), new Set(['ProductList', 'add-to-cart']));
    });

    test('the exporter’s own requests are not traced: no trace headers, and one http.request span per fetch of the app', () => {
      const exports = server.requests.filter((request) => request.path === '/v1/traces');
      assert.ok(exports.length > 0);
      for (const request of exports) {
        assert.equal(request.headers.traceparent, undefined);
        assert.equal(request.headers['x-datadog-trace-id'], undefined);
      }
      assert.equal(spans.filter((span) => span.name === 'http.request').length, 2);
    });

    test('every OTLP body is valid, and every span is of service shop-web', () => {
      assert.deepEqual(server.otlpProblems, []);
      assert.deepEqual(new Set(spans.map((span) => span.service)), new Set(['shop-web']));
    });
  });
}
