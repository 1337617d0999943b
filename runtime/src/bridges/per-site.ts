import type { SpanSite } from '../site.js';

/**
 * Memoizes what a bridge derives from a call site (its tags or span options in the tracer's own
 * shape), so that each span passes a reference instead of building them again: a site lives as long
 * as its module, and its data never changes.
 */
export function perSite<T>(derive: (site: SpanSite) => T): (site: SpanSite) => T {
  const derived = new WeakMap<SpanSite, T>();
  return (site) => {
    let value = derived.get(site);
    if (value === undefined) {
      value = derive(site);
      derived.set(site, value);
    }
    return value;
  };
}
