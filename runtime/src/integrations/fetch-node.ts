/**
 * The tracers that trace `fetch` in Node, which the fetch integration leaves the call to. Only the
 * Node entry loads this module, so browser bundles carry none of it.
 *
 * - dd-trace replaces `globalThis.fetch` with a wrapper that traces a call when its diagnostics
 *   channel `tracing:apm:fetch:request:start` has subscribers. Its fetch plugin subscribes lazily,
 *   when the wrapper first announces itself on `dd-trace:instrumentation:load`; announcing it here
 *   first (as the wrapper would, a moment later) makes the answer right from the first call, and
 *   stays false when the plugin is disabled (`DD_TRACE_FETCH_ENABLED=false`).
 * - OpenTelemetry's instrumentation-undici traces Node's fetch through undici's own diagnostics
 *   channels: anything subscribed to `undici:request:create` is taken to trace it.
 */
import { nodeBuiltin } from '../node-builtin.js';
import { detectNodeFetchTracers } from './fetch.js';

type DiagnosticsChannel = {
  hasSubscribers(name: string): boolean;
  channel(name: string): { publish(message: unknown): void };
};

const DD_TRACE_LOAD = 'dd-trace:instrumentation:load';
const DD_TRACE_FETCH = 'tracing:apm:fetch:request:start';
const UNDICI_REQUEST = 'undici:request:create';

/** Hands the fetch integration its test for Node's fetch tracers. */
export function watchNodeFetchTracers(): void {
  const channels = nodeBuiltin<DiagnosticsChannel>('node:diagnostics_channel');
  if (channels === undefined) return;
  let ddTraceAnnounced = false;
  detectNodeFetchTracers(() => {
    if (!ddTraceAnnounced && channels.hasSubscribers(DD_TRACE_LOAD)) {
      ddTraceAnnounced = true;
      channels.channel(DD_TRACE_LOAD).publish({ name: 'global:fetch' });
    }
    return channels.hasSubscribers(DD_TRACE_FETCH) || channels.hasSubscribers(UNDICI_REQUEST);
  });
}
