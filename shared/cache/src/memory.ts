import { ttlMs } from "./errors.ts";
import type { Cache } from "./port.ts";

export type MemoryCacheOptions = {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** Beyond this many entries the oldest written are dropped (a cache, not a store). */
  maxEntries?: number;
};

type Entry = { value: string; expiresAt: number };

/**
 * An in-process cache with per-entry TTL: the embedded default when no `REDIS_URL` is set.
 * Expired entries are dropped when read, and all of them before an eviction for size.
 *
 * @example
 * const cache = createMemoryCache();
 * await cache.set("tariff:2026-01", json, 300);
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const makeRoom = () => {
    if (entries.size < maxEntries) return;
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
    // Map keeps insertion order and set() re-inserts, so the first keys are the least recently written.
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(key);
    }
  };

  return {
    kind: "memory",
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, ttlSeconds) {
      const expiresAt = ttlSeconds === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs(ttlSeconds);
      entries.delete(key);
      makeRoom();
      entries.set(key, { value, expiresAt });
    },
    async delete(key) {
      entries.delete(key);
    },
    async deletePrefix(prefix) {
      let count = 0;
      for (const key of [...entries.keys()]) {
        if (key.startsWith(prefix) && live(key) !== undefined) {
          entries.delete(key);
          count++;
        }
      }
      return count;
    },
    async close() {
      entries.clear();
    },
  };
}
