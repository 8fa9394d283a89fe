import { describe, expect, it } from "vitest";
import { isCacheError } from "./errors.ts";
import { createRedisCache, escapeGlob } from "./redis.ts";

describe("Redis cache without a server", () => {
  it("a server that cannot be reached is a retryable E_CACHE_UNAVAILABLE", async () => {
    // Port 9 (discard) on loopback: nothing listens there, so every connection is refused at once.
    const cache = createRedisCache({ url: "redis://127.0.0.1:9" });
    const error = await cache.get("k").catch((e: unknown) => e);
    await cache.close();
    expect(isCacheError(error, "E_CACHE_UNAVAILABLE") && error.retryable).toBe(true);
  });

  it("glob characters are escaped for SCAN MATCH", () => {
    expect(escapeGlob("cfg:a*[1]?\\")).toBe("cfg:a\\*\\[1\\]\\?\\\\");
  });
});
