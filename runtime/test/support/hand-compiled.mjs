// Functions written by hand in the shape babel-plugin-dd-span generates (docs/DESIGN.md), so that
// runtime tests drive the real entry points with nothing compiled.
import { instrumentation as rt } from 'dd-span-runtime';

/** `body` as an annotated sync function would run it. */
export function tracedSync(name, body, tags = []) {
  const site = rt.site(name, tags);
  return function (...args) {
    const frame = rt.start(site);
    let thrown;
    try {
      return rt.ret(frame, body.apply(this, args));
    } catch (error) {
      thrown = [error];
      throw error;
    } finally {
      rt.end(frame, thrown);
    }
  };
}

/** `body` as an annotated async function would run it: `return await body(...)`-like, with one suspension. */
export function tracedAsync(name, body, tags = []) {
  const site = rt.site(name, tags);
  return async function (...args) {
    const frame = rt.start(site);
    let thrown;
    try {
      const value = rt.resume(frame, await rt.suspend(frame, body.apply(this, args)));
      return rt.retAsync(frame, value);
    } catch (error) {
      thrown = [error];
      throw error;
    } finally {
      rt.end(frame, thrown);
    }
  };
}

/** An async function that returns its operand without awaiting it (`return body(...)`). */
export function tracedAsyncReturning(name, body, tags = []) {
  const site = rt.site(name, tags);
  return async function (...args) {
    const frame = rt.start(site);
    let thrown;
    try {
      return rt.retAsync(frame, body.apply(this, args));
    } catch (error) {
      thrown = [error];
      throw error;
    } finally {
      rt.end(frame, thrown);
    }
  };
}
