/**
 * The last chance to send spans. Node: `beforeExit`, emitted when nothing is left to do; a request
 * started there keeps the process alive until it settles, so the exporter bounds it. (`exit` cannot
 * wait for anything, and signals are the application's to handle: call `shutdown()` there.)
 * Browsers: `pagehide`, and `visibilitychange` to hidden, the last event a mobile browser reliably
 * fires before it discards a page.
 */
type Listener = () => void;
type Target = {
  addEventListener?(type: string, listener: Listener): void;
  removeEventListener?(type: string, listener: Listener): void;
};
type NodeProcess = { on?(event: string, listener: Listener): void; off?(event: string, listener: Listener): void };

const scope = globalThis as unknown as Target & {
  process?: NodeProcess;
  document?: Target & { visibilityState?: string };
};

/** Calls `beforeExit` in Node and `pageHidden` in browsers. Returns a function that removes both hooks. */
export function onLastChance(beforeExit: Listener, pageHidden: Listener): Listener {
  const proc = scope.process;
  const doc = scope.document;
  const onVisibility = () => {
    if (doc?.visibilityState === 'hidden') pageHidden();
  };
  proc?.on?.('beforeExit', beforeExit);
  scope.addEventListener?.('pagehide', pageHidden);
  doc?.addEventListener?.('visibilitychange', onVisibility);
  return () => {
    proc?.off?.('beforeExit', beforeExit);
    scope.removeEventListener?.('pagehide', pageHidden);
    doc?.removeEventListener?.('visibilitychange', onVisibility);
  };
}
