/**
 * Cache errors are values with a stable code (CONVENTIONS.md #8). `retryable` is true when the cache
 * server could not be reached; callers usually fall back to the source of truth then.
 */
export type CacheErrorCode = "E_CACHE_TTL_INVALID" | "E_CACHE_UNAVAILABLE";

export class CacheError extends Error {
  readonly code: CacheErrorCode;
  readonly retryable: boolean;

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CacheError";
    this.code = code;
    this.retryable = code === "E_CACHE_UNAVAILABLE";
  }
}

/** True when `error` is a {@link CacheError} with the given code. */
export function isCacheError(error: unknown, code?: CacheErrorCode): error is CacheError {
  return error instanceof CacheError && (code === undefined || error.code === code);
}

/** A TTL in seconds as milliseconds; fractions are allowed, zero, negative or non-finite are not. */
export function ttlMs(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new CacheError("E_CACHE_TTL_INVALID", `ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
  return Math.ceil(ttlSeconds * 1000);
}
