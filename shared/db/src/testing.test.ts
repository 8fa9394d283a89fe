import { describe, expect, it } from "vitest";
import { appendAudit } from "./audit.ts";
import { createTestPglite } from "./testing.ts";

// createTestPglite hands a closed test's database to the next test of the process, reset (test-reset.ts).
describe("createTestPglite reuse", () => {
  it("the next test gets the closed database back as new: rows, identities, audit records and session state gone", async () => {
    const first = await createTestPglite();
    await first.query("insert into outbox (event) values ('{}'), ('{}')");
    await first.transaction((tx) => appendAudit(tx, { actor: "test", action: "x", object: "y" }));
    await first.query("set work_mem = '7MB'");
    await first.query("create temporary table scratch (n int)");
    await first.query("select pg_advisory_lock(42)");
    await first.close();

    const second = await createTestPglite();
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect((await second.query("select * from outbox")).rows).toEqual([]);
      expect((await second.query("select * from audit_record")).rows).toEqual([]);
      const { rows } = await second.query<{ id: string }>("insert into outbox (event) values ('{}') returning id");
      expect(rows).toEqual([{ id: "1" }]);
      expect((await second.query<{ work_mem: string }>("show work_mem")).rows[0].work_mem).not.toBe("7MB");
      expect((await second.query<{ tz: string }>("select current_setting('TimeZone') as tz")).rows[0].tz).toBe("UTC");
      await expect(second.query("select * from scratch")).rejects.toMatchObject({ sqlState: "42P01" });
      expect((await second.query<{ got: boolean }>("select pg_try_advisory_lock(42) as got")).rows[0].got).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("a database whose schema a test changed is closed, not reused", async () => {
    const first = await createTestPglite();
    await first.query("alter table outbox add column extra text");
    await first.close();

    const second = await createTestPglite();
    try {
      expect(second.dataDir).not.toBe(first.dataDir);
      const { rows } = await second.query("select column_name from information_schema.columns where table_name = 'outbox' and column_name = 'extra'");
      expect(rows).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("a database closed with a transaction left open by a test is not reused", async () => {
    const first = await createTestPglite();
    await first.query("begin");
    await first.query("insert into run (id, kind) values ('run_open', 'x')");
    await first.close();

    const second = await createTestPglite();
    try {
      expect(second.dataDir).not.toBe(first.dataDir);
      expect((await second.query("select * from run")).rows).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("a closed test database refuses queries, though its PGlite lives on for the next test", async () => {
    const db = await createTestPglite();
    await db.close();
    await expect(db.query("select 1")).rejects.toMatchObject({ code: "E_DB_CLOSED" });
  });
});
