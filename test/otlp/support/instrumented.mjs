// Calls a function the way code compiled by babel-plugin-dd-span calls it, through the runtime's
// entry points, so the exporter tests need no compiler.
import { instrumentation } from 'dd-span-runtime';

const { start, ret, fail, end } = instrumentation;

/** Runs `fn` inside a span of `spanSite` (made with `site(...)`): returns and throws exactly as `fn` does. */
export function callInstrumented(spanSite, fn) {
  const frame = start(spanSite);
  try {
    return ret(frame, fn());
  } catch (error) {
    fail(frame, error);
    throw error;
  } finally {
    end(frame);
  }
}

/** Collects unhandled rejections while a test runs; `check()` fails the test if there was one. */
export function watchUnhandledRejections() {
  const seen = [];
  const listener = (reason) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    check() {
      process.off('unhandledRejection', listener);
      if (seen.length > 0) throw new Error(`unhandled rejection(s): ${seen.map(String).join('; ')}`);
    },
  };
}
