/**
 * Bounds how many chunks a step holds decoded at once in one process. The embedded bus delivers every
 * pending event at once (a 1M-claim file is 100 chunk events within seconds) and PGlite serves one
 * statement at a time, so without a bound every chunk sat decoded in memory waiting for its turn at
 * the database (~5 GiB at 1M claims). With it, a chunk is read when one of `slots` is free.
 */
export type ChunkGate = { run<T>(work: () => Promise<T>): Promise<T> };

/**
 * @example
 * const gate = createChunkGate(2);
 * handle: (event) => gate.run(() => handleChunk(event))
 */
export function createChunkGate(slots: number): ChunkGate {
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`a chunk gate needs at least one slot, got ${slots}`);
  let busy = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (busy >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
      else busy++;
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next(); // the slot passes straight to the next waiter
        else busy--;
      }
    },
  };
}
