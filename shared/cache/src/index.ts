export * from "./port.ts";
export * from "./errors.ts";
export { CacheEnvSchema, parseCacheEnv, type CacheEnv } from "./env.ts";
export { createMemoryCache, type MemoryCacheOptions } from "./memory.ts";
export { createRedisCache, type RedisCacheOptions } from "./redis.ts";
export { createCache } from "./factory.ts";
