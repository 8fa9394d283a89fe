/** A promise-chain mutex: `run` calls execute one at a time in call order. */
export type Mutex = { run<T>(fn: () => Promise<T>): Promise<T> };

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn);
      // The next caller waits for this one to settle, whether it resolved or threw.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
