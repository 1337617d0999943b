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
  /** What the build inlined for service, env and version; the runtime's own configuration wins over it. */
  readonly defaults?: BuildDefaults | undefined;
}

/**
 * Service, env and version as the build knew them (babel-preset-dd's `service`, `env` and `version`
 * options, by default `DD_SERVICE`, `DD_ENV` and `DD_VERSION` at build time). In a browser there is
 * no process environment at run time: these are what unified service tagging falls back to.
 */
export interface BuildDefaults {
  readonly service?: string;
  readonly env?: string;
  readonly version?: string;
}

// dd-trace promotes these tags to top-level span fields; so do we, and they leave `tags`.
const RESOURCE = 'resource.name';
const SERVICE = 'service.name';
const TYPE = 'span.type';

import { state } from './state.js';

/**
 * Called by compiled code at module load: `site("name", ["key", "value", ...], defaults)`.
 * Tags arrive as a flat list of strings rather than an object literal, so a key such as
 * `__proto__` coming from a comment is only ever data. `defaults` is one object per compiled file,
 * present when the build inlined a service, env or version.
 */
export function site(name: string, tagPairs?: readonly string[], defaults?: BuildDefaults): SpanSite {
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
  return { name: String(name), resource: resource ?? String(name), service, type, tags, defaults };
}
