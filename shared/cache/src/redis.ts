import type { Redis } from "ioredis";
import { CacheError, ttlMs } from "./errors.ts";
import type { Cache } from "./port.ts";

export type RedisCacheOptions = {
  /** `redis://host:port/db`; ignored when `client` is given. */
  url?: string;
  /** A client to use instead of one built from `url`; `close()` then leaves it open. */
  client?: Redis;
  /** Prepended to every key, so several apps or test runs can share one Redis. */
  namespace?: string;
  /** Keys asked for per SCAN step in `deletePrefix`. */
  scanCount?: number;
};

/** Escapes a literal for a Redis glob pattern (`*`, `?`, `[`, `]` and `\` are special). */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, "\\$&");
}

function unavailable(error: unknown): CacheError {
  const message = error instanceof Error ? error.message : String(error);
  return new CacheError("E_CACHE_UNAVAILABLE", `redis cache failed: ${message}`, { cause: error });
}

/**
 * The cache on Redis through `ioredis`. `deletePrefix` walks the keyspace with SCAN (never KEYS,
 * which blocks the server for the whole keyspace) and removes matches with UNLINK in batches.
 *
 * @example
 * const cache = createRedisCache({ url: "redis://127.0.0.1:6379", namespace: "casemix:" });
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const ownsClient = options.client === undefined;
  // ioredis (~120 ms to load) is loaded and connected on the first command, not at start: most
  // functions' cold starts never touch the cache.
  let connecting: Promise<Redis> | undefined;
  const redis = (): Promise<Redis> =>
    (connecting ??= options.client
      ? Promise.resolve(options.client)
      : import("ioredis").then(({ Redis: RedisClient }) => {
          const client = new RedisClient(options.url ?? "redis://127.0.0.1:6379", {
            // Fail a command after two reconnect attempts instead of queueing it for ~20: a cache that is
            // down should cost the caller a fallback, not a hang.
            maxRetriesPerRequest: 2,
            connectTimeout: 5_000,
          });
          // Connection errors also surface through the failing command; without a listener ioredis prints
          // each reconnect failure as an "Unhandled error event".
          client.on("error", () => undefined);
          return client;
        }));
  const ns = options.namespace ?? "";
  const scanCount = options.scanCount ?? 500;

  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw error instanceof CacheError ? error : unavailable(error);
    }
  };

  async function deletePrefix(prefix: string): Promise<number> {
    const client = await redis();
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${escapeGlob(ns + prefix)}*`, "COUNT", scanCount);
      if (keys.length > 0) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
    return deleted;
  }

  return {
    kind: "redis",
    get: (key) => guard(async () => (await (await redis()).get(ns + key)) ?? undefined),
    set: (key, value, ttlSeconds) =>
      guard(async () => {
        const client = await redis();
        if (ttlSeconds === undefined) await client.set(ns + key, value);
        else await client.set(ns + key, value, "PX", ttlMs(ttlSeconds));
      }),
    delete: (key) => guard(async () => void (await (await redis()).del(ns + key))),
    deletePrefix: (prefix) => guard(() => deletePrefix(prefix)),
    async close() {
      if (!ownsClient || !connecting) return;
      const client = await connecting;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
