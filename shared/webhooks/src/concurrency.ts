/** A counting semaphore: at most `limit` holders at once, the rest wait in FIFO order. */
export type Semaphore = { acquire(): Promise<() => void>; active(): number; waiting(): number };

/**
 * Bounds concurrent work (open connections to targets) without a queue library.
 *
 * @example
 * const release = await semaphore.acquire();
 * try { await send(); } finally { release(); }
 */
export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    acquire() {
      if (active < limit) {
        active++;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => queue.push(() => resolve(once(release))));
    },
    active: () => active,
    waiting: () => queue.length,
  };
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}
