import { describe, expect, it } from "vitest";
import { parseCacheEnv } from "./env.ts";
import { createCache } from "./factory.ts";

describe("createCache", () => {
  it("uses memory when REDIS_URL is not set", async () => {
    const cache = createCache(parseCacheEnv({}));
    expect(cache.kind).toBe("memory");
    await cache.close();
  });

  it("a REDIS_URL that is not a redis:// URL fails naming the variable", () => {
    expect(() => parseCacheEnv({ REDIS_URL: "http://127.0.0.1:6379" })).toThrow("REDIS_URL");
  });
});
