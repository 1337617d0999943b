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
import type { BuildDefaults, SpanSite } from '../site.js';
import { state } from '../state.js';
import type { SpanHandle, Tracer } from '../tracer.js';
import { traceHeaders } from './trace-headers.js';

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

type DiagnosticsChannel = {
  hasSubscribers(name: string): boolean;
  channel(name: string): { publish(message: unknown): void };
};

let diagnostics: DiagnosticsChannel | null | undefined;

// Reached like AsyncLocalStorage in context.ts, so browser bundles never see `node:diagnostics_channel`.
function diagnosticsChannel(): DiagnosticsChannel | null {
  if (diagnostics === undefined) {
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      diagnostics = (proc?.getBuiltinModule?.('node:diagnostics_channel') as DiagnosticsChannel | undefined) ?? null;
    } catch {
      diagnostics = null;
    }
  }
  return diagnostics;
}

const DD_TRACE_LOAD = 'dd-trace:instrumentation:load';
const DD_TRACE_FETCH = 'tracing:apm:fetch:request:start';
const UNDICI_REQUEST = 'undici:request:create';
let ddTraceAnnounced = false;

/**
 * True when another tracer already traces this call of `fetch`; the call is then left to it (its
 * span's parent is still ours: dd-trace's scope and OpenTelemetry's context follow the runtime's).
 *
 * - OpenTelemetry's instrumentation-fetch (browsers) wraps `fetch` through
 *   `@opentelemetry/instrumentation`'s shimmer, which marks the wrapper with `__original`,
 *   `__unwrap` and `__wrapped: true`: the test of that package's own `isWrapped`.
 * - dd-trace (Node) replaces `globalThis.fetch` with a wrapper that traces a call when its
 *   diagnostics channel `tracing:apm:fetch:request:start` has subscribers. Its fetch plugin
 *   subscribes lazily, when the wrapper first announces itself on `dd-trace:instrumentation:load`;
 *   announcing it here first (as the wrapper would, a moment later) makes the answer right from the
 *   first call, and stays false when the plugin is disabled (`DD_TRACE_FETCH_ENABLED=false`).
 * - OpenTelemetry's instrumentation-undici (Node) traces Node's fetch through undici's own
 *   diagnostics channels: anything subscribed to `undici:request:create` is taken to trace it.
 */
function tracedElsewhere(fetch: object): boolean {
  const marked = fetch as { __wrapped?: unknown; __original?: unknown; __unwrap?: unknown };
  if (marked.__wrapped === true && typeof marked.__original === 'function' && typeof marked.__unwrap === 'function') return true;
  const dc = diagnosticsChannel();
  if (dc === null) return false;
  if (!ddTraceAnnounced && dc.hasSubscribers(DD_TRACE_LOAD)) {
    ddTraceAnnounced = true;
    dc.channel(DD_TRACE_LOAD).publish({ name: 'global:fetch' });
  }
  return dc.hasSubscribers(DD_TRACE_FETCH) || dc.hasSubscribers(UNDICI_REQUEST);
}

type RequestLike = { url: string; method: string; mode?: string; headers: unknown; referrer?: string; referrerPolicy?: string };
type InitLike = { method?: unknown; headers?: unknown; referrer?: unknown };

function asRequest(input: unknown): RequestLike | undefined {
  return typeof Request === 'function' && input instanceof Request ? (input as unknown as RequestLike) : undefined;
}

function pageLocation(): { href?: unknown; origin?: unknown } | undefined {
  try {
    return (globalThis as { location?: { href?: unknown; origin?: unknown } }).location;
  } catch {
    return undefined;
  }
}

function parse(href: string): URL | null {
  const base = pageLocation()?.href;
  try {
    return new URL(href, typeof base === 'string' ? base : undefined);
  } catch {
    return null;
  }
}

function isAllowed(url: URL, list: readonly TracingUrlMatcher[]): boolean {
  const origin = pageLocation()?.origin;
  if (typeof origin === 'string' && origin !== 'null' && url.origin === origin) return true;
  const href = url.href;
  return list.some((matcher) => {
    if (typeof matcher === 'string') return href.startsWith(matcher);
    // `search` ignores `lastIndex`, so a /g or /y expression answers the same every time.
    if (matcher instanceof RegExp) return href.search(matcher) !== -1;
    try {
      return matcher(href) === true;
    } catch (error) {
      contain(error);
      return false;
    }
  });
}

// Userinfo never reaches the tag, nor the fragment (which is never sent); the query only on request.
function urlTag(url: URL, keepQueryString: boolean): string {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.protocol;
  return url.origin + url.pathname + (keepQueryString ? url.search : '');
}

const isObject = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

/**
 * The arguments with trace headers added, or `null` to send the request as written. Headers go in
 * an init object of our own whose prototype is the caller's, so every other member (body, signal,
 * getters) is read by fetch from where the caller put it, and nothing of the caller's is changed.
 * A Request keeps its body: fetch moves it to the request it builds from ours, as it would have.
 */
function withTraceHeaders(span: SpanHandle, args: readonly unknown[], request: RequestLike | undefined): unknown[] | null {
  const ids = span.traceIds?.();
  if (ids === undefined || typeof Headers !== 'function') return null;
  const init = args[1] as InitLike | null | undefined;
  if (init !== undefined && init !== null && !isObject(init)) return null;
  // A service worker's navigation request would stop being one once given an init.
  if (request?.mode === 'navigate') return null;
  const given = init?.headers;
  const headers = new Headers((given !== undefined ? given : request?.headers) as ConstructorParameters<typeof Headers>[0]);
  // The caller (or a layer we cannot see) propagates already.
  if (headers.has('traceparent') || headers.has('x-datadog-trace-id')) return null;
  for (const [name, value] of traceHeaders(ids, headers.get('tracestate'))) headers.set(name, value);
  const own: PropertyDescriptorMap = { headers: { value: headers, enumerable: true, writable: true, configurable: true } };
  // A Request given a non-empty init gets a "client" referrer unless the init names one: keep its own.
  if (request !== undefined && init?.referrer === undefined) {
    own.referrer = { value: request.referrer, enumerable: true, writable: true, configurable: true };
    own.referrerPolicy = { value: request.referrerPolicy, enumerable: true, writable: true, configurable: true };
  }
  return [args[0], Object.create(init ?? null, own), ...args.slice(2)];
}

interface Call {
  readonly span: SpanHandle;
  readonly args: readonly unknown[];
}

/** Starts the span and prepares the arguments; `null` leaves the call alone. May throw before the span starts. */
function begin(tracer: Tracer, options: FetchSiteOptions | undefined, args: readonly unknown[]): Call | null {
  const input = args[0];
  const init = args[1] as InitLike | null | undefined;
  const request = asRequest(input);
  // Converted once, here, and handed on converted: fetch would have converted it the same way.
  const href = request !== undefined ? request.url : typeof input === 'string' ? input : String(input);
  const url = parse(href);
  if (url === null) return null;
  const method = String((isObject(init) && init.method !== undefined ? init.method : request?.method) ?? 'GET').toUpperCase();
  const configured = holder[KEY];
  const keepQueryString = configured?.keepQueryString ?? options?.keepQueryString ?? false;
  const allowed = configured?.allowedTracingUrls ?? options?.allowedTracingUrls ?? [];
  const site: SpanSite = {
    name: 'http.request',
    resource: method,
    service: undefined,
    type: 'http',
    tags: { 'span.kind': 'client', component: 'fetch', 'http.method': method, 'http.url': urlTag(url, keepQueryString) },
    defaults: options?.defaults,
  };
  const span = tracer.startSpan(site, state.context.get());
  if (span === null) return null;
  let callArgs: readonly unknown[] = request === undefined && typeof input !== 'string' ? [href, ...args.slice(1)] : args;
  try {
    if (isAllowed(url, allowed)) callArgs = withTraceHeaders(span, callArgs, request) ?? callArgs;
  } catch (error) {
    // Headers fetch itself would refuse: fetch gets them as written, and says so itself.
    contain(error);
    callArgs = args;
  }
  return { span, args: callArgs };
}

function finish(span: SpanHandle): void {
  try {
    span.finish();
  } catch (error) {
    contain(error);
  }
}

function failed(span: SpanHandle, error: unknown): void {
  try {
    span.recordError(error);
  } catch (internal) {
    contain(internal);
  }
  finish(span);
}

function statusError(status: number, statusText: unknown): Error {
  const text = typeof statusText === 'string' && statusText !== '' ? ` ${statusText}` : '';
  const error = new Error(`HTTP ${status}${text}`);
  // Made here, not thrown by the application: a stack would only point into the runtime.
  Object.defineProperty(error, 'stack', { value: undefined });
  return error;
}

function responded(span: SpanHandle, response: unknown): void {
  try {
    const { status, statusText } = response as { status?: unknown; statusText?: unknown };
    if (typeof status === 'number') {
      span.setTag?.('http.status_code', String(status));
      if (status >= 500) span.recordError(statusError(status, statusText));
    }
  } catch (error) {
    contain(error);
  }
  finish(span);
}

// The promise the caller gets settles as fetch's does, with the same response or error, one tick
// later; an unhandled rejection stays the caller's to see. Anything but a native promise (a mocked
// fetch) is returned as it is, and the span ends at once.
function follow(span: SpanHandle, result: unknown): unknown {
  // Read here rather than at module level, which bundlers would keep in every bundle.
  const promiseThen = Promise.prototype.then;
  try {
    if (!(result instanceof Promise) || result.then !== promiseThen) {
      finish(span);
      return result;
    }
    return promiseThen.call(
      result,
      (response: unknown) => {
        responded(span, response);
        return response;
      },
      (error: unknown) => {
        failed(span, error);
        throw error;
      },
    );
  } catch (error) {
    contain(error);
    return result;
  }
}

/** Called by compiled code in place of `receiver.fetch(...args)` or `fetch(...args)`. */
export function tracedFetch(options: FetchSiteOptions | undefined, fetch: unknown, receiver: unknown, args: unknown[]): unknown {
  if (typeof fetch !== 'function') return (fetch as (...values: unknown[]) => unknown)(...args);
  let call: Call | null = null;
  const tracer = state.tracer;
  if (tracer !== null) {
    try {
      if (!tracedElsewhere(fetch)) call = begin(tracer, options, args);
    } catch (error) {
      contain(error);
    }
  }
  if (call === null) return Reflect.apply(fetch, receiver, args);
  let result: unknown;
  try {
    result = Reflect.apply(fetch, receiver, call.args);
  } catch (error) {
    failed(call.span, error);
    throw error;
  }
  return follow(call.span, result);
}
