import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCacheError } from "./errors.ts";
import type { Cache } from "./port.ts";

/** Builds the cache under test; each call gets a cache of its own (a namespace on Redis). */
export type CacheFactory = () => Promise<Cache> | Cache;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every cache must show, run against the memory cache (unit tests) and against
 * Redis (integration tests). TTLs are fractions of a second so the suite stays quick.
 */
export function describeCacheContract(name: string, factory: CacheFactory): void {
  describe(`cache contract: ${name}`, () => {
    let cache: Cache;
    beforeAll(async () => {
      cache = await factory();
    });
    afterAll(async () => {
      await cache.close();
    });

    it("a key never set reads as undefined", async () => {
      expect(await cache.get("never-set")).toBeUndefined();
    });

    it("a set value reads back unchanged, including non-ASCII text", async () => {
      await cache.set("hospital:MOH-0001", '{"name":"Hospital Kuala Lumpur","note":"wad 5 — ☤"}');
      expect(await cache.get("hospital:MOH-0001")).toBe('{"name":"Hospital Kuala Lumpur","note":"wad 5 — ☤"}');
    });

    it("set replaces an earlier value", async () => {
      await cache.set("replace", "first");
      await cache.set("replace", "second");
      expect(await cache.get("replace")).toBe("second");
    });

    it("delete removes a key, and deleting a missing key is a no-op", async () => {
      await cache.set("to-delete", "x");
      await cache.delete("to-delete");
      await cache.delete("never-there");
      expect(await cache.get("to-delete")).toBeUndefined();
    });

    it("a value set with a TTL is gone once the TTL has passed", async () => {
      await cache.set("ttl:short", "x", 0.2);
      expect(await cache.get("ttl:short")).toBe("x");
      await sleep(400);
      expect(await cache.get("ttl:short")).toBeUndefined();
    });

    it("setting a key again without a TTL makes it permanent", async () => {
      await cache.set("ttl:cleared", "x", 0.2);
      await cache.set("ttl:cleared", "y");
      await sleep(400);
      expect(await cache.get("ttl:cleared")).toBe("y");
    });

    it("a TTL of zero, below zero or not a number is refused with E_CACHE_TTL_INVALID", async () => {
      for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        const error = await cache.set("ttl:bad", "x", ttl).catch((e: unknown) => e);
        expect(isCacheError(error, "E_CACHE_TTL_INVALID"), String(ttl)).toBe(true);
      }
    });

    it("deletePrefix removes exactly the keys that start with the prefix and counts them", async () => {
      for (const key of ["cfg:tariff:2026", "cfg:tariff:2027", "cfg:tariffs-old", "cfg:codes:icd10", "other:cfg:tariff:x"]) {
        await cache.set(key, "v");
      }
      expect(await cache.deletePrefix("cfg:tariff:")).toBe(2);
      expect(await cache.get("cfg:tariff:2026")).toBeUndefined();
      expect([await cache.get("cfg:tariffs-old"), await cache.get("cfg:codes:icd10"), await cache.get("other:cfg:tariff:x")]).toEqual(["v", "v", "v"]);
    });

    it("deletePrefix treats glob characters in the prefix literally", async () => {
      await cache.set("glob:a*[1]?:x", "v");
      await cache.set("glob:abc:x", "v");
      expect(await cache.deletePrefix("glob:a*")).toBe(1);
      expect(await cache.get("glob:abc:x")).toBe("v");
    });

    it("deletePrefix removes every match however many there are", async () => {
      const keys = Array.from({ length: 1_200 }, (_, i) => `bulk:${i}`);
      await Promise.all(keys.map((key) => cache.set(key, "v")));
      expect(await cache.deletePrefix("bulk:")).toBe(1_200);
      expect(await cache.get("bulk:0")).toBeUndefined();
      expect(await cache.get("bulk:1199")).toBeUndefined();
    });

    it("deletePrefix does not count keys whose TTL has passed", async () => {
      await cache.set("expired:a", "x", 0.1);
      await cache.set("expired:b", "x");
      await sleep(300);
      expect(await cache.deletePrefix("expired:")).toBe(1);
    });
  });
}
