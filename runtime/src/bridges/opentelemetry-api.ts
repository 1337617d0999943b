/**
 * The few shapes of the OpenTelemetry JavaScript API (1.x) that the bridge speaks, written out
 * structurally so that the runtime neither imports `@opentelemetry/api` nor needs its types: the
 * real objects fit these interfaces, and an application without OpenTelemetry loads nothing of it.
 */

/** An immutable context, as `@opentelemetry/api`'s `Context`. */
export interface OtelContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OtelContext;
  deleteValue(key: symbol): OtelContext;
}

/** What `recordException` reads: an `Error`, or a plain object with the same fields. */
export interface OtelException {
  name: string;
  message: string;
  stack?: string;
}

/** The span methods the bridge calls. */
export interface OtelSpan {
  recordException(exception: OtelException): void;
  setStatus(status: { code: number; message?: string }): unknown;
  setAttribute(key: string, value: string): unknown;
  spanContext(): { traceId: string; spanId: string; traceFlags: number };
  end(): void;
}

/** The subset of `SpanOptions` the bridge passes. */
export interface OtelSpanOptions {
  kind?: number;
  attributes?: Record<string, string>;
}

export interface OtelTracer {
  startSpan(name: string, options?: OtelSpanOptions, context?: OtelContext): OtelSpan;
}

export interface OtelTracerProvider {
  getTracer(name: string, version?: string): OtelTracer;
}

/** `@opentelemetry/api`'s `ContextManager`. */
export interface OtelContextManager {
  active(): OtelContext;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: OtelContext,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F>;
  bind<T>(context: OtelContext, target: T): T;
  enable(): this;
  disable(): this;
}

/** The part of the `@opentelemetry/api` module the bridge uses when it is handed one. */
export interface OtelApi {
  trace: { getTracerProvider(): OtelTracerProvider };
}

/** `SpanStatusCode.ERROR`. */
export const STATUS_ERROR = 2;

/** `SpanKind` values, by the names dd-trace uses in its `span.kind` tag. */
export const SPAN_KINDS: ReadonlyMap<string, number> = new Map([
  ['internal', 0],
  ['server', 1],
  ['client', 2],
  ['producer', 3],
  ['consumer', 4],
]);

// `createContextKey` is `Symbol.for(description)` in every 1.x release, precisely so that separate
// copies of the API agree on it; `trace.setSpan` and `trace.getSpan` use this key.
export const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

// Where `@opentelemetry/api` 1.x keeps its registrations (`registerGlobal` in internal/global-utils):
// one object per major version on the global object, holding the tracer provider under `trace` and
// the context manager under `context`.
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

interface OtelGlobals {
  trace?: OtelTracerProvider;
  context?: OtelContextManager;
}

/** The registrations of whatever copy of `@opentelemetry/api` 1.x the application uses, if any. */
export function otelGlobals(): OtelGlobals | undefined {
  return (globalThis as { [API_GLOBAL]?: OtelGlobals })[API_GLOBAL];
}

/** True for anything that can serve as a parent context. */
export function isOtelContext(value: unknown): value is OtelContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OtelContext).getValue === 'function' &&
    typeof (value as OtelContext).setValue === 'function'
  );
}

class MapContext implements OtelContext {
  constructor(private readonly values: ReadonlyMap<symbol, unknown>) {}

  getValue(key: symbol): unknown {
    return this.values.get(key);
  }

  setValue(key: symbol, value: unknown): OtelContext {
    const values = new Map(this.values);
    values.set(key, value);
    return new MapContext(values);
  }

  deleteValue(key: symbol): OtelContext {
    const values = new Map(this.values);
    values.delete(key);
    return new MapContext(values);
  }
}

/**
 * An empty context, for when no context manager can give one. The API's own `ROOT_CONTEXT` is a
 * module-level value that is not registered anywhere, and nothing in OpenTelemetry compares
 * contexts by identity, so an equivalent one serves.
 */
export const ROOT_CONTEXT: OtelContext = new MapContext(new Map());
