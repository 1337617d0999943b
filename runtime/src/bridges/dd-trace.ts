import { createContextStore, type ContextStore } from '../context.js';
import { describeError, type ErrorDescription } from '../errors.js';
import { contain } from '../guard.js';
import type { SpanSite } from '../site.js';
import { debug } from '../state.js';
import type { SpanHandle, TraceIds, Tracer } from '../tracer.js';
import { findDdTraceContext, storeContext, type DdTraceContext } from './dd-trace-scope.js';
import type { DdTraceSpan, DdTraceTracer } from './dd-trace-types.js';
import { perSite } from './per-site.js';

/**
 * A tracer that creates directive spans through dd-trace. The context values it keeps stand for
 * dd-trace's own stores, `{ span, …what dd-trace's integrations keep beside it }` (the stores, or the
 * handles dd-trace's storage keeps for them: see dd-trace-scope.ts), so entering and leaving a
 * directive span gives every other field back untouched.
 */
export interface DdTraceBridge extends Tracer {
  readonly contextStore: ContextStore;
  /**
   * True when a directive span is the active span of dd-trace's own scope while its function runs,
   * so that `tracer.scope().active()` returns it and the spans that dd-trace's integrations open
   * inside become its children. False when dd-trace's scope storage could not be found (a bundled
   * dd-trace, an unknown release): directive spans then still nest with each other and under the
   * span dd-trace has active, but integrations do not see them.
   */
  readonly sharesDdTraceScope: boolean;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isDdTraceTracer(value: unknown): value is DdTraceTracer {
  return (
    isObject(value) &&
    typeof (value as DdTraceTracer).startSpan === 'function' &&
    typeof (value as DdTraceTracer).scope === 'function'
  );
}

/** Where the bridge keeps directive spans active: dd-trace's own scope when `shared`, else a store of the runtime's. */
interface ResolvedContext {
  readonly context: DdTraceContext;
  readonly shared: boolean;
}

/**
 * dd-trace's context when it can be found, else the runtime's own store. The search runs on first
 * use rather than at creation: a bridge may be created before `tracer.init()`, and until then the
 * scope it verifies against is a no-op.
 */
function createBridgeContext(tracer: DdTraceTracer): { store: ContextStore; resolve(): ResolvedContext } {
  let resolved: ResolvedContext | undefined;
  const resolve = (): ResolvedContext => {
    if (resolved === undefined) {
      const found = findDdTraceContext(tracer);
      resolved = { context: found ?? storeContext(createContextStore()), shared: found !== null };
      if (found === null) {
        debug(
          () =>
            "dd-trace's scope storage was not found (a bundled or unknown dd-trace, or one not initialised yet): " +
            'directive spans nest under its active span, but the spans its integrations open inside them attach to that span instead.',
        );
      }
    }
    return resolved;
  };
  const store: ContextStore = {
    get: () => {
      try {
        return resolve().context.current();
      } catch (error) {
        contain(error);
        return undefined;
      }
    },
    set: (value) => {
      try {
        resolve().context.enter(value);
      } catch (error) {
        contain(error);
      }
    },
  };
  return { store, resolve };
}

/**
 * A site's tags as dd-trace takes them, built once and shared by its spans (dd-trace copies them).
 * The fields dd-trace promotes to top-level span fields travel as its tags, as `tracer.trace` does;
 * `resource.name` only when it differs from the name, which is dd-trace's default resource.
 */
const tagsOf = perSite((site): Record<string, unknown> => {
  const tags: Record<string, unknown> = { ...site.tags };
  if (site.resource !== site.name) tags['resource.name'] = site.resource;
  if (site.service !== undefined) tags['service.name'] = site.service;
  if (site.type !== undefined) tags['span.type'] = site.type;
  return tags;
});

function activeSpan(tracer: DdTraceTracer): unknown {
  try {
    return tracer.scope().active();
  } catch (error) {
    contain(error);
    return null;
  }
}

class DdTraceSpanHandle implements SpanHandle {
  private failure: ErrorDescription | undefined;

  constructor(
    private readonly span: DdTraceSpan,
    readonly context: unknown,
  ) {}

  // The error is described now, into plain strings, rather than handed over as `setTag('error', e)`:
  // dd-trace would read its getters later, while flushing, where a throwing getter is out of our reach.
  recordError(error: unknown): void {
    this.failure = describeError(error);
  }

  setTag(key: string, value: string): void {
    this.span.setTag(key, value);
  }

  traceIds(): TraceIds | undefined {
    const match = TRACEPARENT.exec(this.span.context().toTraceparent());
    return match === null ? undefined : { traceId: match[1]!, spanId: match[2]!, sampled: (parseInt(match[3]!, 16) & 1) === 1 };
  }

  finish(): void {
    const failure = this.failure;
    if (failure !== undefined) {
      const tags: Record<string, string> = { 'error.type': failure.type, 'error.message': failure.message };
      if (failure.stack !== undefined) tags['error.stack'] = failure.stack;
      // The span must still finish: dd-trace only sends a trace once all of its spans have.
      try {
        this.span.addTags(tags);
      } catch (error) {
        contain(error);
      }
    }
    try {
      this.span.finish();
    } catch (error) {
      contain(error);
    }
  }
}

function globalDdTrace(): unknown {
  return (globalThis as { _ddtrace?: unknown })._ddtrace;
}

/**
 * Creates a tracer that sends directive spans through dd-trace: `tracer`, or else the dd-trace that
 * is loaded in this process (`global._ddtrace`). Each span is a child of dd-trace's active span and
 * is itself active in dd-trace's scope while its function runs, `await`s included.
 * Throws a `TypeError` here, at setup, when there is no dd-trace to bridge to; spans never throw.
 */
export function createDdTraceBridge(tracer?: DdTraceTracer): DdTraceBridge {
  const dd: unknown = tracer ?? globalDdTrace();
  if (!isDdTraceTracer(dd)) {
    throw new TypeError(
      'dd-span-runtime: no dd-trace tracer to bridge to. Start node with `-r dd-trace/init` (or call ' +
        "`require('dd-trace').init()` first), or pass the tracer: createDdTraceBridge(tracer).",
    );
  }
  const context = createBridgeContext(dd);
  return {
    contextStore: context.store,
    get sharesDdTraceScope() {
      try {
        return context.resolve().shared;
      } catch (error) {
        contain(error);
        return false;
      }
    },
    startSpan(site: SpanSite, parent: unknown): SpanHandle | null {
      try {
        const { context: active, shared } = context.resolve();
        const store = active.storeOf(parent);
        // In dd-trace's own storage, a store without a span means that no span is active; the
        // runtime's fallback store starts out empty, and then dd-trace is asked.
        const childOf = store?.span ?? (shared ? null : activeSpan(dd));
        const span = dd.startSpan(site.name, { childOf, tags: tagsOf(site) });
        return new DdTraceSpanHandle(span, active.contextFor({ ...store, span }));
      } catch (error) {
        contain(error);
        return null;
      }
    },
  };
}

/**
 * A dd-trace bridge when dd-trace has been initialised in this process (`-r dd-trace/init`, or
 * `require('dd-trace').init()`), else `null`. Never throws.
 */
export function detectDdTrace(): DdTraceBridge | null {
  try {
    const dd = globalDdTrace();
    if (!isDdTraceTracer(dd)) {
      debug(() => 'the dd-trace bridge was not chosen: dd-trace is not loaded in this process.');
      return null;
    }
    // dd-trace sets `global._ddtrace` as soon as it is required, and `_initialized` in `init()`;
    // before that its spans are no-ops.
    if ((dd as { _initialized?: unknown })._initialized !== true) {
      debug(() => "the dd-trace bridge was not chosen: dd-trace is loaded but not initialised (call init(), or preload it with -r dd-trace/init).");
      return null;
    }
    return createDdTraceBridge(dd);
  } catch (error) {
    contain(error);
    return null;
  }
}
