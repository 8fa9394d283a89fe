import { describe, expect, it } from "vitest";
import { describeDbContract } from "./db-contract.ts";
import { createTestPglite } from "./testing.ts";

describeDbContract("PGlite (template copy)", createTestPglite);

describe("createTestPglite", () => {
  it("gives each caller its own database", async () => {
    const [a, b] = await Promise.all([createTestPglite(), createTestPglite()]);
    try {
      await a.query("insert into run (id, kind) values ('run_a', 'x')");
      const { rows } = await b.query("select id from run");
      expect(rows).toEqual([]);
      expect(a.dataDir).not.toBe(b.dataDir);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("createPgliteDb", () => {
  it("a query on the Db from inside its own transaction fails with E_DB_NESTED_QUERY instead of deadlocking", async () => {
    const db = await createTestPglite();
    try {
      const attempt = db.transaction(async () => db.query("select 1"));
      await expect(attempt).rejects.toMatchObject({ code: "E_DB_NESTED_QUERY" });
    } finally {
      await db.close();
    }
  });
});
