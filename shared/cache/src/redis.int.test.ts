import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { describeCacheContract } from "./cache-contract.ts";
import { parseCacheEnv } from "./env.ts";
import { createCache } from "./factory.ts";
import { createRedisCache } from "./redis.ts";

// Redis checked (or started) by scripts/with-services.sh; REDIS_URL comes from scripts/services-env.sh.
const env = parseCacheEnv(process.env);
if (!env.REDIS_URL) throw new Error("REDIS_URL is not set: run through scripts/with-services.sh (npm run test:integration)");
const url = env.REDIS_URL;
const observer = new Redis(url);
afterAll(async () => {
  await observer.quit();
});

describeCacheContract("Redis", () => createRedisCache({ url, namespace: `test:${randomUUID()}:` }));

describe("Redis cache", () => {
  it("keeps its keys under its namespace", async () => {
    const namespace = `test:${randomUUID()}:`;
    const cache = createRedisCache({ url, namespace });
    await cache.set("hospital:1", "v");
    expect(await observer.get(`${namespace}hospital:1`)).toBe("v");
    await cache.close();
  });

  it("deletePrefix leaves another namespace's keys with the same prefix alone", async () => {
    const mine = createRedisCache({ url, namespace: `test:${randomUUID()}:` });
    const theirs = createRedisCache({ url, namespace: `test:${randomUUID()}:` });
    await mine.set("cfg:a", "v");
    await theirs.set("cfg:a", "v");
    expect(await mine.deletePrefix("cfg:")).toBe(1);
    expect(await theirs.get("cfg:a")).toBe("v");
    await Promise.all([mine.close(), theirs.close()]);
  });

  it("deletePrefix pages with SCAN when the matches span many SCAN steps", async () => {
    const cache = createRedisCache({ url, namespace: `test:${randomUUID()}:`, scanCount: 10 });
    await Promise.all(Array.from({ length: 250 }, (_, i) => cache.set(`p:${i}`, "v")));
    expect(await cache.deletePrefix("p:")).toBe(250);
    await cache.close();
  });

  it("a TTL is stored on the Redis key itself", async () => {
    const namespace = `test:${randomUUID()}:`;
    const cache = createRedisCache({ url, namespace });
    await cache.set("ttl", "v", 60);
    const ttl = await observer.pttl(`${namespace}ttl`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await cache.close();
  });

  it("createCache picks Redis when REDIS_URL is set", async () => {
    const cache = createCache(env);
    expect(cache.kind).toBe("redis");
    await cache.close();
  });
});
