/**
 * Resolves on a later turn of the event loop, so that abort signals, Ctrl-C handlers and
 * worker messages queued meanwhile are handled. `setImmediate` where there is one (Node),
 * else `setTimeout` (browsers and Web Workers).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
