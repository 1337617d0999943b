/** One POST of a request body, bounded in time. Never rejects. */

type Timer = ReturnType<typeof setTimeout>;

/** A timer that never keeps Node running on its own. */
export function later(callback: () => void, millis: number): Timer {
  const timer = setTimeout(callback, millis);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** How a request body goes out: resolves with the HTTP status, or 0 for a network error or when `timeout` (ms) runs out first. */
export type Post = (url: string, headers: Record<string, string>, body: Uint8Array, timeout: number, keepalive?: boolean) => Promise<number>;

/**
 * POSTs with `fetch`; `keepalive` lets a request outlive the page (page-hide requests). Settles when
 * `timeout` runs out even if fetch never does (a page's own wrapper of fetch may ignore the abort).
 */
export const postWithFetch: Post = async (url, headers, body, timeout, keepalive) => {
  const controller = new AbortController();
  let timer: Timer | undefined;
  try {
    return await Promise.race([
      new Promise<number>((resolve) => (timer = later(() => resolve(0), timeout))),
      fetch(url, { method: 'POST', headers, body: body as BodyInit, keepalive, signal: controller.signal })
        // Reading the body lets the connection be reused.
        .then((response) => response.arrayBuffer().then(() => response.status)),
    ]);
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
    // Ends a request that ran out of time; once the body has been read, nothing.
    controller.abort();
  }
};
