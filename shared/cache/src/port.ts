/** The cache port: Redis (`ioredis`) or in-memory. Values are strings; callers serialise. */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key that starts with `prefix` (a published config version invalidates its kind). */
  deletePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
  readonly kind: "memory" | "redis";
}
