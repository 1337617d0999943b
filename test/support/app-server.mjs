// One origin on 127.0.0.1 for a built web app: its static files, a small JSON backend, and an
// OTLP/HTTP JSON receiver at /v1/traces. Every request is recorded with its headers, so a test sees
// what the browser sent; OTLP bodies are checked strictly against the OTLP JSON mapping.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { validateExportRequest } from '../otlp/support/validate-otlp.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** `{ key: value }` from OTLP attributes, whichever typed member holds the value. */
export function attributeMap(attributes = []) {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

/**
 * Starts the server. `routes` maps `"METHOD /path"` to the `{ status, json }` to answer; the path is
 * matched without its query string.
 */
export async function startAppServer({ root, routes }) {
  const requests = [];
  const otlpProblems = [];
  const otlpBodies = [];

  const handle = async (request, response) => {
    const body = await readBody(request);
    const { pathname } = new URL(request.url, 'http://localhost');
    requests.push({ method: request.method, path: pathname, url: request.url, headers: request.headers, body });
    const reply = (status, type, content) => {
      response.writeHead(status, { 'content-type': type });
      response.end(content);
    };

    if (request.method === 'POST' && pathname === '/v1/traces') {
      try {
        const payload = JSON.parse(body);
        otlpProblems.push(...validateExportRequest(payload).map((problem) => `request ${otlpBodies.length}: ${problem}`));
        otlpBodies.push(payload);
      } catch (error) {
        otlpProblems.push(`an OTLP body is not JSON: ${error.message}`);
      }
      return reply(200, 'application/json', '{}');
    }
    const route = routes[`${request.method} ${pathname}`];
    if (route !== undefined) {
      const { status = 200, json } = route;
      return reply(status, 'application/json', JSON.stringify(json));
    }
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (request.method !== 'GET' || !file.startsWith(root + path.sep)) return reply(404, 'text/plain', 'not found');
    try {
      return reply(200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      return reply(404, 'text/plain', 'not found');
    }
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  /** Every span received so far, with `service` (its resource's `service.name`) and `attrs` (attributes as a map). */
  const spans = () =>
    otlpBodies.flatMap((payload) =>
      payload.resourceSpans.flatMap(({ resource, scopeSpans }) =>
        scopeSpans.flatMap(({ spans: list }) =>
          list.map((span) => ({ ...span, service: attributeMap(resource.attributes)['service.name'], attrs: attributeMap(span.attributes) })),
        ),
      ),
    );

  return {
    origin,
    requests,
    spans,
    otlpProblems,
    /**
     * Resolves with the spans once `ready(spans)` is true; rejects after `timeoutMillis`, listing the
     * span names received, so a missing span is named in the failure.
     */
    async waitForSpans(ready, { timeoutMillis = 15000 } = {}) {
      const deadline = Date.now() + timeoutMillis;
      while (!ready(spans())) {
        if (Date.now() > deadline) {
          throw new Error(`the expected spans did not all arrive within ${timeoutMillis} ms; received: ${spans().map((span) => span.name).join(', ') || 'none'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return spans();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
