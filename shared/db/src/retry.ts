import { DbError } from "./errors.ts";

export type RetryOptions = {
  /** Tries in all, the first included. */
  attempts?: number;
  /** The wait before the second try; doubled before each later one. */
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Runs `fn` again when it fails with a retryable DbError (a dropped connection, a server restarting,
 * a serialization failure), waiting a little longer each time; any other error, or the last try's,
 * passes through. Only for work that may run twice: a transaction that rolled back, or one whose
 * second run finds its own first run committed and changes nothing (a COMMIT cut off by a dropped
 * connection may have committed).
 *
 * @example
 * await retryTransient(() => db.transaction((tx) => recordChunk(tx, chunk)));
 */
export async function retryTransient<T>(fn: () => Promise<T>, { attempts = 6, delayMs = 250, sleep = defaultSleep }: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof DbError) || !error.retryable || attempt >= attempts) throw error;
      await sleep(delayMs * 2 ** (attempt - 1));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
