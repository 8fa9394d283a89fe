import type { CacheEnv } from "./env.ts";
import { createMemoryCache } from "./memory.ts";
import type { Cache } from "./port.ts";
import { createRedisCache } from "./redis.ts";

/** The cache the env asks for: Redis when `REDIS_URL` is set, else in memory (CONVENTIONS.md #3). */
export function createCache(env: CacheEnv): Cache {
  return env.REDIS_URL
    ? createRedisCache({ url: env.REDIS_URL, namespace: env.CACHE_NAMESPACE })
    : createMemoryCache();
}
