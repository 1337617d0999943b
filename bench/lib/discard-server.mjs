// A local endpoint that reads and discards every request: the OTLP exporter's collector and
// dd-trace's Agent in the per-call suite, so that what is measured is the tracer, not a backend.
import http from 'node:http';

/** Resolves with `{ url, close() }` once listening on a free local port. */
export function startDiscardServer() {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      // dd-trace reads `rate_by_service` from the Agent's answer; the OTLP exporter ignores the body.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"rate_by_service":{}}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** A local URL nothing listens on: every request to it fails at once. */
export function closedPortUrl() {
  const server = http.createServer();
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(`http://127.0.0.1:${port}/v1/traces`));
    });
  });
}
