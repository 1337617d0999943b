/**
 * POSTs in Node with its own http module (reached through `process.getBuiltinModule`): undici's
 * `fetch` costs about twice as much per request, which the exporter pays for every batch. Where
 * there is no such module (another runtime), and for page-hide requests, `fetch`.
 */
import { nodeBuiltin } from '../node-builtin.js';
import { later, postWithFetch, type Post } from './otlp-post.js';

interface NodeHttp {
  request(
    url: URL,
    options: { method: string; headers: Record<string, string> },
    onResponse: (response: NodeResponse) => void,
  ): { on(event: 'error', listener: () => void): unknown; end(body: Uint8Array): void; destroy(): void };
}
interface NodeResponse {
  statusCode?: number;
  resume(): NodeResponse;
  on(event: string, listener: () => void): NodeResponse;
}

const nodeHttp = (url: string) => nodeBuiltin<NodeHttp>(url.startsWith('https:') ? 'node:https' : 'node:http');

// An exporter posts to one URL: it is parsed once, not for every request.
let lastUrl = '';
let parsedUrl: URL | undefined;

/**
 * Calls `send` with the function that settles the request (once) and a place for the function that
 * aborts it, and settles it as failed when `timeout` runs out first, whatever the connection does.
 */
function bounded(timeout: number, send: (settle: (status: number) => void, onAbort: (abort: () => void) => void) => void): Promise<number> {
  return new Promise((resolve) => {
    let abort = () => {};
    const settle = (status: number) => {
      clearTimeout(timer);
      resolve(status);
    };
    const timer = later(() => {
      abort();
      settle(0);
    }, timeout);
    try {
      if (timeout <= 0) settle(0);
      else send(settle, (abortWith) => (abort = abortWith));
    } catch {
      settle(0);
    }
  });
}

export const postFromNode: Post = (url, headers, body, timeout, keepalive) => {
  const http = keepalive ? undefined : nodeHttp(url);
  if (!http) return postWithFetch(url, headers, body, timeout, keepalive);
  return bounded(timeout, (settle, onAbort) => {
    if (url !== lastUrl || parsedUrl === undefined) {
      parsedUrl = new URL(url);
      lastUrl = url;
    }
    const target = parsedUrl;
    // With the length known, the body goes as it is rather than in chunked encoding.
    const sized = { ...headers, 'content-length': String(body.length) };
    // Node's global agent keeps the connection alive between requests (and sets TCP_NODELAY);
    // reading the answer to its end returns the connection to it.
    const request = http.request(target, { method: 'POST', headers: sized }, (response) => {
      response.on('end', () => settle(response.statusCode!)).on('error', () => settle(0)).resume();
    });
    request.on('error', () => settle(0));
    onAbort(() => request.destroy());
    request.end(body);
  });
};
