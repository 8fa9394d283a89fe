import { describe, expect, it } from "vitest";
import { describeCacheContract } from "./cache-contract.ts";
import { createMemoryCache } from "./memory.ts";

describeCacheContract("memory", () => createMemoryCache());

describe("memory cache", () => {
  it("an entry expires exactly when its TTL has passed on the cache's clock", async () => {
    let now = 1_000_000;
    const cache = createMemoryCache({ now: () => now });
    await cache.set("k", "v", 30);
    now += 29_999;
    expect(await cache.get("k")).toBe("v");
    now += 1;
    expect(await cache.get("k")).toBeUndefined();
  });

  it("beyond maxEntries the least recently written entries are dropped", async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) await cache.set(key, key);
    await cache.set("a", "a2");
    await cache.set("d", "d");
    expect([await cache.get("a"), await cache.get("b"), await cache.get("c"), await cache.get("d")]).toEqual([
      "a2",
      undefined,
      "c",
      "d",
    ]);
  });

  it("expired entries make room before live ones are dropped", async () => {
    let now = 0;
    const cache = createMemoryCache({ now: () => now, maxEntries: 2 });
    await cache.set("live", "v");
    await cache.set("short", "v", 1);
    now = 5_000;
    await cache.set("new", "v");
    expect(await cache.get("live")).toBe("v");
  });
});
