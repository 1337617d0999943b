// A local OTLP/HTTP JSON receiver for the exporter tests: it records every request, checks each
// body strictly against the OTLP JSON mapping (validate-otlp.mjs), and answers as a test tells it to.
import http from 'node:http';
import { validateExportRequest } from './validate-otlp.mjs';

/**
 * Starts a receiver on 127.0.0.1 and a free port.
 * `respond(index, request)` returns the status for the request number `index` (from 0), or 'hang'
 * to never answer. Default: 200 for everything.
 */
export async function startReceiver({ respond = () => 200 } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      let problems;
      try {
        body = JSON.parse(text);
        problems = validateExportRequest(body);
      } catch (error) {
        problems = [`body is not JSON: ${error.message}`];
      }
      const index = requests.length;
      requests.push({ method: req.method, path: req.url, headers: req.headers, text, body, problems });
      const status = respond(index, req);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{}' : '{"code":3,"message":"rejected by the test"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  /** Every span of every request, with the `service.name` of its resource. */
  const spans = () =>
    requests.flatMap(({ body }) =>
      (body?.resourceSpans ?? []).flatMap((resourceSpans) => {
        const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        return resourceSpans.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans.map((span) => ({ ...span, service })));
      }),
    );

  return {
    origin,
    /** The default OTLP traces URL of this receiver. */
    url: `${origin}/v1/traces`,
    requests,
    spans,
    /** Every shape problem found in any request, prefixed with the request's number. */
    problems: () => requests.flatMap((request, index) => request.problems.map((problem) => `request ${index}: ${problem}`)),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
export async function refusingUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1/traces`;
}
