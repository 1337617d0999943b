/**
 * The fetch integration's run-time half. Where the source calls the global `fetch(input, init)`
 * (or `window.fetch(…)`, `globalThis.fetch(…)`, `self.fetch(…)`), compiled code calls
 * `tracedFetch(options, fetch, receiver, [input, init])`: the same function, receiver and arguments,
 * evaluated in the same order. Each call becomes a client span `http.request`, and requests to
 * allowed URLs carry the span's trace in W3C and Datadog headers.
 *
 * The response is the very object fetch resolved to, its body untouched; request bodies are never
 * read. Nothing here throws into the application: only fetch's own errors reach it, unchanged.
 */
import { contain } from '../guard.js';
import type { BuildDefaults } from '../site.js';
import { state } from '../state.js';
import type { SpanHandle, Tracer } from '../tracer.js';
import { addTraceHeaders } from './trace-headers.js';

/** Like Datadog RUM's `allowedTracingUrls`: a URL prefix, a RegExp, or a function of the URL. */
export type TracingUrlMatcher = string | RegExp | ((url: string) => boolean);

/** What the compiler inlines once per file (babel-preset-dd's `integrations.fetch` options). */
export interface FetchSiteOptions {
  readonly allowedTracingUrls?: readonly (string | RegExp)[];
  readonly keepQueryString?: boolean;
  readonly defaults?: BuildDefaults;
}

/** Options of {@link configureFetch}. Each one given replaces the build's; given as `undefined`, the build's applies again. */
export interface FetchOptions {
  /**
   * The URLs whose requests carry trace headers, besides the page's own origin (which always does).
   * A string matches the URLs it starts; a RegExp, those it matches; a function, those it returns true for.
   */
  allowedTracingUrls?: readonly TracingUrlMatcher[];
  /** Keep the query string in the `http.url` tag (default false: it often carries tokens). */
  keepQueryString?: boolean;
}

// Both builds of the runtime share one configuration, as they share the rest of the state.
const KEY = Symbol.for('dd-span-runtime.fetch');
type Holder = typeof globalThis & { [KEY]?: FetchOptions };
const holder = globalThis as Holder;

function invalid(option: string, accepted: string, value: unknown): never {
  throw new TypeError(`dd-span-runtime: configureFetch({ ${option} }) must be ${accepted}; got ${String(value)}.`);
}

/**
 * Settings of the fetch integration at run time, for every compiled file: they replace what the
 * build inlined. Use it for what a build cannot inline, such as functions in `allowedTracingUrls`.
 * Invalid options throw a TypeError that names the option.
 */
export function configureFetch(options: FetchOptions): void {
  for (const key of Object.keys(options)) {
    if (key !== 'allowedTracingUrls' && key !== 'keepQueryString') {
      throw new TypeError(`dd-span-runtime: unknown configureFetch option \`${key}\`; accepted: allowedTracingUrls, keepQueryString.`);
    }
  }
  const { allowedTracingUrls, keepQueryString } = options;
  const matcher = (item: unknown): item is TracingUrlMatcher =>
    typeof item === 'string' || item instanceof RegExp || typeof item === 'function';
  if (allowedTracingUrls !== undefined && !(Array.isArray(allowedTracingUrls) && allowedTracingUrls.every(matcher))) {
    invalid('allowedTracingUrls', 'an array of strings, RegExps and functions', allowedTracingUrls);
  }
  if (keepQueryString !== undefined && typeof keepQueryString !== 'boolean') invalid('keepQueryString', 'true or false', keepQueryString);
  const next: FetchOptions = { ...holder[KEY] };
  if ('allowedTracingUrls' in options) next.allowedTracingUrls = allowedTracingUrls === undefined ? undefined : [...allowedTracingUrls];
  if ('keepQueryString' in options) next.keepQueryString = keepQueryString;
  holder[KEY] = next;
}

// The Node entry's test for the tracers that trace fetch in Node (fetch-node.ts); browsers have none.
let tracedInNode: (() => boolean) | undefined;

/** For the Node entry: how to tell that a tracer of Node's own traces fetch (see fetch-node.ts). */
export function detectNodeFetchTracers(test: () => boolean): void {
  tracedInNode = test;
}

/**
 * True when another tracer already traces this call of `fetch`; the call is then left to it (its
 * span's parent is still ours: its context follows the runtime's). In browsers, OpenTelemetry's
 * instrumentation-fetch wraps `fetch` through `@opentelemetry/instrumentation`'s shimmer, which marks
 * the wrapper with `__original`, `__unwrap` and `__wrapped: true` (that package's own `isWrapped`
 * test); in Node, fetch-node.ts knows dd-trace and instrumentation-undici.
 */
function tracedElsewhere(fetch: object): boolean {
  const marked = fetch as { __wrapped?: unknown; __original?: unknown; __unwrap?: unknown };
  return (
    (marked.__wrapped === true && typeof marked.__original === 'function' && typeof marked.__unwrap === 'function') ||
    tracedInNode?.() === true
  );
}

type RequestLike = { url: string; method: string; mode?: string; headers: HeadersInit; referrer?: string; referrerPolicy?: string };
type InitLike = { method?: unknown; headers?: HeadersInit; referrer?: unknown };
type PageLocation = { href?: unknown; origin?: unknown };

/** `action()`, or `undefined` when it throws: what it throws is contained. */
function guarded<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch (error) {
    contain(error);
    return undefined;
  }
}

function isAllowed(url: URL, page: PageLocation | undefined, list: readonly TracingUrlMatcher[]): boolean {
  const origin = page?.origin;
  const href = url.href;
  return (
    (typeof origin === 'string' && origin !== 'null' && url.origin === origin) ||
    list.some((matcher) =>
      typeof matcher === 'string'
        ? href.startsWith(matcher)
        : // `search` ignores `lastIndex`, so a /g or /y expression answers the same every time.
          matcher instanceof RegExp
          ? href.search(matcher) !== -1
          : guarded(() => matcher(href)) === true,
    )
  );
}

/**
 * The arguments with trace headers added, or `null` to send the request as written. Headers go in
 * an init object of our own whose prototype is the caller's, so every other member (body, signal,
 * getters) is read by fetch from where the caller put it, and nothing of the caller's is changed.
 * A Request keeps its body: fetch moves it to the request it builds from ours, as it would have.
 */
function withTraceHeaders(span: SpanHandle, args: readonly unknown[], request: RequestLike | undefined): unknown[] | null {
  const ids = span.traceIds?.();
  const init = args[1] as InitLike | null | undefined;
  // fetch refuses an init that is neither an object nor null nor undefined itself. A service
  // worker's navigation request would stop being one once given an init.
  if (ids === undefined || typeof Headers !== 'function' || (init != null && Object(init) !== init) || request?.mode === 'navigate') {
    return null;
  }
  const given = init?.headers;
  const headers = new Headers(given !== undefined ? given : request?.headers);
  if (!addTraceHeaders(headers, ids)) return null;
  // A literal defines its members (a setter the caller's init inherits is not run), and `__proto__`
  // in it sets the prototype. A Request given a non-empty init gets a "client" referrer unless the
  // init names one: it keeps its own.
  const own = {
    __proto__: init ?? null,
    headers,
    ...(request !== undefined && init?.referrer === undefined && { referrer: request.referrer, referrerPolicy: request.referrerPolicy }),
  };
  return [args[0], own, ...args.slice(2)];
}

/** A traced call: its span, and the arguments fetch gets. */
type Call = readonly [span: SpanHandle, args: readonly unknown[]];

/** Starts the span and prepares the arguments; `null` leaves the call alone. May throw before the span starts. */
function begin(tracer: Tracer, options: FetchSiteOptions | undefined, args: readonly unknown[]): Call | null {
  const input = args[0];
  const request = typeof Request === 'function' && input instanceof Request ? (input as unknown as RequestLike) : undefined;
  // Converted once, here, and handed on converted: fetch would have converted it the same way.
  const href = request?.url ?? String(input);
  const converted = request ? args : [href, ...args.slice(1)];
  let page: PageLocation | undefined;
  try {
    page = (globalThis as { location?: PageLocation }).location;
  } catch {
    // Deno, started without a location, throws on reading it.
  }
  let url: URL;
  try {
    url = new URL(href, typeof page?.href === 'string' ? page.href : undefined);
  } catch {
    return null;
  }
  const method = String((args[1] as InitLike | null | undefined)?.method ?? request?.method ?? 'GET').toUpperCase();
  const configured = holder[KEY];
  // Userinfo never reaches the tag, nor the fragment (which is never sent); the query only on request.
  const tag = /^https?:$/.test(url.protocol)
    ? url.origin + url.pathname + ((configured?.keepQueryString ?? options?.keepQueryString) ? url.search : '')
    : url.protocol;
  const span = tracer.startSpan(
    {
      name: 'http.request',
      resource: method,
      service: undefined,
      type: 'http',
      tags: { 'span.kind': 'client', component: 'fetch', 'http.method': method, 'http.url': tag },
      defaults: options?.defaults,
    },
    state.context.get(),
  );
  if (span === null) return null;
  // Headers fetch itself would refuse: fetch gets them as written, and says so itself.
  const traced = guarded(() => isAllowed(url, page, configured?.allowedTracingUrls ?? options?.allowedTracingUrls ?? []) && withTraceHeaders(span, converted, request));
  return [span, traced || converted];
}

/** Ends the span once fetch has answered; what `record` reads of the answer first, and any failure, is contained. */
function end(span: SpanHandle, record?: () => void): void {
  if (record) guarded(record);
  guarded(() => span.finish());
}

function responded(span: SpanHandle, response: unknown): void {
  const { status, statusText } = response as { status?: unknown; statusText?: unknown };
  if (typeof status !== 'number') return;
  span.setTag?.('http.status_code', String(status));
  if (status >= 500) {
    const error = new Error(`HTTP ${status} ${typeof statusText === 'string' ? statusText : ''}`.trim());
    // Made here, not thrown by the application: a stack would only point into the runtime.
    Object.defineProperty(error, 'stack', { value: undefined });
    span.recordError(error);
  }
}

// The promise the caller gets settles as fetch's does, with the same response or error, one tick
// later; an unhandled rejection stays the caller's to see. Anything but a native promise (a mocked
// fetch) is returned as it is, and the span ends at once.
function follow(span: SpanHandle, result: unknown): unknown {
  // Read here rather than at module level, which bundlers would keep in every bundle.
  const promiseThen = Promise.prototype.then;
  const followed = guarded(
    () =>
      result instanceof Promise &&
      result.then === promiseThen &&
      promiseThen.call(
        result,
        (response: unknown) => {
          end(span, () => responded(span, response));
          return response;
        },
        (error: unknown) => {
          end(span, () => span.recordError(error));
          throw error;
        },
      ),
  );
  if (followed) return followed;
  end(span);
  return result;
}

/** Called by compiled code in place of `receiver.fetch(...args)` or `fetch(...args)`. */
export function tracedFetch(options: FetchSiteOptions | undefined, fetch: unknown, receiver: unknown, args: unknown[]): unknown {
  if (typeof fetch !== 'function') return (fetch as (...values: unknown[]) => unknown)(...args);
  const tracer = state.tracer;
  const call = tracer && guarded(() => !tracedElsewhere(fetch) && begin(tracer, options, args));
  if (!call) return Reflect.apply(fetch, receiver, args);
  const span = call[0];
  let result: unknown;
  try {
    result = Reflect.apply(fetch, receiver, call[1]);
  } catch (error) {
    end(span, () => span.recordError(error));
    throw error;
  }
  return follow(span, result);
}
