import { describe, expect, it } from "vitest";
import { createTestPlatform } from "./platform.ts";

describe("the test platform", () => {
  it("gives a migrated PGlite, a folder store and a memory cache, with nothing real to connect to", async () => {
    const platform = await createTestPlatform();
    try {
      expect(platform.db.kind).toBe("pglite");
      expect(platform.store.kind).toBe("folder");
      expect(platform.cache.kind).toBe("memory");
      const { rows } = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM processed_event");
      expect(rows[0].n).toBe(0);
      await platform.store.put("raw/x.txt", "hello");
      expect(new TextDecoder().decode(await platform.store.get("raw/x.txt"))).toBe("hello");
    } finally {
      await platform.db.close();
    }
  });
});
