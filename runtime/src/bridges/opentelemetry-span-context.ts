import { SPAN_KEY, type OtelContext } from './opentelemetry-api.js';

/**
 * A context that is `base` with `span` as its active span: what `trace.setSpan(base, span)` returns,
 * without copying `base`. The API's own contexts copy every value they hold into a new Map, and
 * bind three closures, each time a value is set; a directive span sets one per call. Every reader
 * of a context goes through `getValue` (`trace.getSpan`, propagators, the SDK's suppression check),
 * so an overlay serves them all.
 */
class SpanOverlay implements OtelContext {
  constructor(
    readonly base: OtelContext,
    private readonly span: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === SPAN_KEY ? this.span : this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): OtelContext {
    return key === SPAN_KEY ? new SpanOverlay(this.base, value) : new SpanOverlay(this.base.setValue(key, value), this.span);
  }

  deleteValue(key: symbol): OtelContext {
    return key === SPAN_KEY ? this.base.deleteValue(key) : new SpanOverlay(this.base.deleteValue(key), this.span);
  }
}

/**
 * `parent` with `span` active. A directive span under another one overlays that one's base, so
 * nesting never builds a chain: every lookup is at most one step away from a real context.
 */
export function contextWithSpan(parent: OtelContext, span: unknown): OtelContext {
  return new SpanOverlay(parent instanceof SpanOverlay ? parent.base : parent, span);
}
