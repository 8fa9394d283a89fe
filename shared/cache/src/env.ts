import { z } from "zod";

/** The variables that choose the cache: Redis when `REDIS_URL` is set, else in memory. */
export const CacheEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  CACHE_NAMESPACE: z.string().default("casemix:"),
});

export type CacheEnv = z.infer<typeof CacheEnvSchema>;

/**
 * Parses the cache variables, failing with a message that names the variable.
 *
 * @example
 * const cache = createCache(parseCacheEnv(process.env));
 */
export function parseCacheEnv(source: Record<string, string | undefined>): CacheEnv {
  const parsed = CacheEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid cache environment: ${issues}`);
  }
  return parsed.data;
}
