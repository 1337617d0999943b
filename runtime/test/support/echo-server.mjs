// A local HTTP server for the fetch integration's tests: it records every request it receives
// (method, path, headers, body) and answers by path.
//   /status/<code>   answers with that status
//   /stream          sends "first", then "second" once the test calls `release()`
//   /hang            answers only once the test calls `release()` (or the client goes away)
//   anything else    200 "ok"
import http from 'node:http';

export async function startEchoServer() {
  const requests = [];
  const waiting = new Set();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method, path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = /^\/status\/(\d{3})/.exec(request.url);
      if (status !== null) {
        response.statusCode = Number(status[1]);
        response.end(`status ${status[1]}`);
      } else if (request.url.startsWith('/stream')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first;');
        waiting.add(() => response.end('second'));
      } else if (request.url.startsWith('/hang')) {
        waiting.add(() => response.end('late'));
      } else {
        response.end('ok');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    /** The request the server received last. */
    last: () => requests[requests.length - 1],
    /** Lets every held response (`/stream`, `/hang`) finish. */
    release() {
      for (const finish of waiting) finish();
      waiting.clear();
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The trace header names the fetch integration writes. */
export const TRACE_HEADERS = ['traceparent', 'tracestate', 'x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-sampling-priority', 'x-datadog-tags'];

/** The trace headers among `headers` (as node:http gives them), by name. */
export function traceHeadersOf(headers) {
  return Object.fromEntries(TRACE_HEADERS.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}

/** The headers a span with these ids must have produced. */
export function expectedTraceHeaders({ traceId, spanId }) {
  return {
    traceparent: `00-${traceId}-${spanId}-01`,
    tracestate: `dd=s:1;p:${spanId}`,
    'x-datadog-trace-id': BigInt(`0x${traceId.slice(16)}`).toString(),
    'x-datadog-parent-id': BigInt(`0x${spanId}`).toString(),
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': `_dd.p.tid=${traceId.slice(0, 16)}`,
  };
}
