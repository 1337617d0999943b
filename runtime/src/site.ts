/**
 * What the compiler knows about one instrumented function. Built once per function when its
 * module loads, so every call only passes a reference.
 */
export interface SpanSite {
  /** The operation name. */
  readonly name: string;
  /** `resource.name`, or the name. */
  readonly resource: string;
  /** `service.name`, when the directive gives one. */
  readonly service: string | undefined;
  /** `span.type`, when the directive gives one. */
  readonly type: string | undefined;
  /** Every other tag, in directive order (a later duplicate wins). */
  readonly tags: Readonly<Record<string, string>>;
}

// dd-trace promotes these tags to top-level span fields; so do we, and they leave `tags`.
const RESOURCE = 'resource.name';
const SERVICE = 'service.name';
const TYPE = 'span.type';

import { state } from './state.js';

/**
 * Called by compiled code at module load: `site("name", ["key", "value", ...])`.
 * Tags arrive as a flat list of strings rather than an object literal, so a key such as
 * `__proto__` coming from a comment is only ever data.
 */
export function site(name: string, tagPairs?: readonly string[]): SpanSite {
  // A plain object, not a prototype-less one: those are dictionaries, and copying one per span costs
  // ~50x more. A `__proto__` key is defined as an own property, so it stays data.
  const tags: Record<string, string> = {};
  let resource: string | undefined;
  let service: string | undefined;
  let type: string | undefined;
  if (tagPairs !== undefined) {
    for (let i = 0; i + 1 < tagPairs.length; i += 2) {
      const key = String(tagPairs[i]);
      const value = String(tagPairs[i + 1]);
      if (key === RESOURCE) resource = value;
      else if (key === SERVICE) service = value;
      else if (key === TYPE) type = value;
      else Object.defineProperty(tags, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  // The first instrumented module to load is the last moment to find a tracer set up after the
  // runtime loaded (an OpenTelemetry provider registered by the app's first import, say).
  state.autoSelect?.();
  return { name: String(name), resource: resource ?? String(name), service, type, tags };
}
