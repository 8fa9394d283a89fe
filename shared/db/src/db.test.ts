import { describe, expect, it } from "vitest";
import { describeDbContract } from "./db-contract.ts";
import { createPgliteDb } from "./pglite.ts";
import { createPgliteWorkerDb } from "./pglite-worker.ts";
import { createTestPglite, pgliteTemplateTarball } from "./testing.ts";

describeDbContract("PGlite (template copy)", () => createTestPglite());
describeDbContract("PGlite in a worker thread (template copy)", () => createTestPglite({ thread: "worker" }));

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

describe.each(["main", "worker"] as const)("PGlite adapter (%s thread)", (thread) => {
  it("starts with the project's settings (wal_init_zero off) and those it is given over them", async () => {
    const open = thread === "worker" ? createPgliteWorkerDb : createPgliteDb;
    // From the migrated template's tarball, not a fresh initdb (seconds of CPU): the settings are given at start either way.
    const db = await open({ settings: { work_mem: "8MB" }, loadDataDir: await pgliteTemplateTarball() });
    try {
      const show = async (name: string) => Object.values((await db.query(`show ${name}`)).rows[0] as object)[0];
      expect(await show("wal_init_zero")).toBe("off");
      expect(await show("work_mem")).toBe("8MB");
      expect(await show("fsync")).toBe("off"); // PGlite's own -F stays
    } finally {
      await db.close();
    }
  });

  it("a query on the Db from inside its own transaction fails with E_DB_NESTED_QUERY instead of deadlocking", async () => {
    const db = await createTestPglite({ thread });
    try {
      const attempt = db.transaction(async () => db.query("select 1"));
      await expect(attempt).rejects.toMatchObject({ code: "E_DB_NESTED_QUERY" });
    } finally {
      await db.close();
    }
  });

  it("a query from a callback scheduled inside a transaction runs once the transaction has ended", async () => {
    const db = await createTestPglite({ thread });
    try {
      let later: Promise<unknown> | undefined;
      await db.transaction(async (tx) => {
        await tx.query("select 1");
        // A timer started here carries the transaction's async context past its end.
        later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => db.query<{ n: number }>("select 2 as n"));
      });
      expect((await (later as Promise<{ rows: unknown[] }>)).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it("a syntax error keeps its SQLSTATE and position, and the next query still works", async () => {
    const db = await createTestPglite({ thread });
    try {
      const error = await db.query("selec 1").catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "E_DB_QUERY", sqlState: "42601", cause: { position: "1" } });
      expect((await db.query<{ n: number }>("select 2 as n")).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it("statements sent at once from one transaction run in order on its connection", async () => {
    const db = await createTestPglite({ thread });
    try {
      const ids = await db.transaction(async (tx) => {
        await Promise.all(["a", "b", "c"].map((id) => tx.query("insert into run (id, kind) values ($1, 'x')", [id])));
        return (await tx.query<{ id: string }>("select id from run order by id")).rows.map((r) => r.id);
      });
      expect(ids).toEqual(["a", "b", "c"]);
    } finally {
      await db.close();
    }
  });

  it("after close, a query fails with E_DB_CLOSED", async () => {
    const db = await createTestPglite({ thread });
    await db.close();
    await expect(db.query("select 1")).rejects.toMatchObject({ code: "E_DB_CLOSED" });
  });
});
