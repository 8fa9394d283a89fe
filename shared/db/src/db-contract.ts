// The one test suite of the database port, run against PGlite (db.test.ts) and PostgreSQL
// (db.int.test.ts). Not a *.test.ts file itself: the two callers give it their factory.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DbError } from "./errors.ts";
import { loadMigrations, migrate } from "./migrate.ts";
import { appendOutbox, claimOutboxBatch, markOutboxPublished, relayOutboxBatch } from "./outbox.ts";
import type { Db, Queryable } from "./port.ts";
import { findProcessedEvent, recordProcessedEvent } from "./processed-event.ts";
import { addDeadLetter, listDeadLetters, takeDeadLetter } from "./dead-letter.ts";
import { completeRunChunk, startRun } from "./run.ts";

const reply = { specversion: "1.0", id: "r-1", source: "/casemix/validate", type: "gov.my.casemix.claims.validated.v1", data: { n: [1, 2] } };

export function describeDbContract(label: string, open: () => Promise<Db>): void {
  describe(`database port contract: ${label}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      await db.query("create table if not exists contract_scratch (id text primary key, amount numeric(20,2))");
    });
    afterAll(() => db?.close());
    beforeEach(() => db.query("truncate processed_event, outbox, dead_letter, run, contract_scratch"));

    const count = async () => Number((await db.query<{ n: string }>("select count(*) as n from contract_scratch")).rows[0].n);

    it("a transaction whose function resolves commits its writes and returns its value", async () => {
      const value = await db.transaction(async (tx) => {
        await tx.query("insert into contract_scratch (id) values ($1)", ["a"]);
        return 42;
      });
      expect(value).toBe(42);
      expect(await count()).toBe(1);
    });

    it("a transaction whose function throws rolls back and rethrows the same error", async () => {
      const boom = new Error("boom");
      await expect(
        db.transaction(async (tx) => {
          await tx.query("insert into contract_scratch (id) values ($1)", ["a"]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await count()).toBe(0);
    });

    it("a transaction that swallowed a failed statement is rolled back with E_DB_TX_ABORTED", async () => {
      const attempt = db.transaction(async (tx) => {
        await tx.query("insert into contract_scratch (id) values ('a')");
        await tx.query("insert into contract_scratch (id) values ('a')").catch(() => undefined);
      });
      await expect(attempt).rejects.toMatchObject({ code: "E_DB_TX_ABORTED" });
      expect(await count()).toBe(0);
    });

    it("statements sent at once run in the order sent; the first failure fails the transaction and nothing of it is kept", async () => {
      const order = await db.transaction(async (tx) => {
        await Promise.all([
          tx.query("insert into contract_scratch (id, amount) values ('a', 1)"),
          tx.query("update contract_scratch set amount = amount + 1 where id = 'a'"),
          tx.query("update contract_scratch set amount = amount * 10 where id = 'a'"),
        ]);
        return (await tx.query<{ amount: string }>("select amount from contract_scratch where id = 'a'")).rows[0].amount;
      });
      expect(order).toBe("20.00");
      await db.query("delete from contract_scratch");
      const failed = db.transaction(async (tx) => {
        await Promise.all([
          tx.query("insert into contract_scratch (id) values ('b')"),
          tx.query("insert into contract_scratch (id) values ('b')"),
          tx.query("insert into contract_scratch (id) values ('c')"),
        ]);
      });
      await expect(failed).rejects.toMatchObject({ code: "E_DB_CONFLICT" });
      expect(await count()).toBe(0);
    });

    it("a statement sent on a transaction after it ended fails instead of running outside it", async () => {
      let kept: Queryable | undefined;
      await db.transaction(async (tx) => {
        kept = tx;
      });
      await expect(kept!.query("insert into contract_scratch (id) values ('late')")).rejects.toBeInstanceOf(Error);
      expect(await count()).toBe(0);
    });

    it("a unique violation is a DbError with code E_DB_CONFLICT and SQLSTATE 23505", async () => {
      await db.query("insert into contract_scratch (id) values ('a')");
      const error = await db.query("insert into contract_scratch (id) values ('a')").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbError);
      expect(error).toMatchObject({ code: "E_DB_CONFLICT", sqlState: "23505", retryable: false });
    });

    it("a query sent outside an open transaction is not part of it", async () => {
      let inserted!: () => void;
      let release!: () => void;
      const insertedInside = new Promise<void>((r) => (inserted = r));
      const gate = new Promise<void>((r) => (release = r));
      const transaction = db
        .transaction(async (tx) => {
          await tx.query("insert into contract_scratch (id) values ('inside')");
          inserted();
          await gate;
          throw new Error("roll back");
        })
        .catch(() => undefined);
      await insertedInside;
      const outside = db.query("insert into contract_scratch (id) values ('outside')");
      release();
      await Promise.all([transaction, outside]);
      const { rows } = await db.query<{ id: string }>("select id from contract_scratch order by id");
      expect(rows.map((r) => r.id)).toEqual(["outside"]);
    });

    it("numeric and int8 values read back exactly, as strings", async () => {
      await db.query("insert into contract_scratch (id, amount) values ('a', $1), ('b', $2)", ["123456789012345678.10", "0.20"]);
      const { rows } = await db.query<{ total: string; big: string; list: string[] }>(
        "select sum(amount) as total, 9007199254740993::int8 as big, array[0.1, 0.2]::numeric[] as list from contract_scratch",
      );
      expect(rows[0]).toEqual({ total: "123456789012345678.30", big: "9007199254740993", list: ["0.1", "0.2"] });
    });

    it("dates read as YYYY-MM-DD and timestamptz as ISO 8601 UTC with full precision", async () => {
      const { rows } = await db.query(
        "select '2026-02-28'::date as d, '2026-02-28 23:30:00.123456+08'::timestamptz as t, '2026-02-28 01:02:03'::timestamp as l",
      );
      expect(rows[0]).toEqual({ d: "2026-02-28", t: "2026-02-28T15:30:00.123456Z", l: "2026-02-28T01:02:03" });
    });

    it("jsonb objects and arrays round-trip unchanged", async () => {
      const { rows } = await db.query<{ j: unknown }>("select $1::jsonb as j", [JSON.stringify({ a: [1, "x", null], b: { c: true } })]);
      expect(rows[0].j).toEqual({ a: [1, "x", null], b: { c: true } });
    });

    it("migrating again applies nothing and every migration file is recorded", async () => {
      const files = await loadMigrations();
      const again = await migrate(db);
      expect(again.applied).toEqual([]);
      expect(again.version).toBe(files.at(-1)?.version);
      const { rows } = await db.query<{ name: string }>("select name from schema_migrations order by version");
      expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.name));
    });

    it("a migration file edited after it was applied stops migrate with E_DB_MIGRATION_CHANGED", async () => {
      const files = await loadMigrations();
      const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: "0".repeat(64) } : f));
      await expect(migrate(db, edited)).rejects.toMatchObject({ code: "E_DB_MIGRATION_CHANGED" });
    });

    it("a processed event is recorded with its reply and found again", async () => {
      const key = { consumer: "validate", source: "/casemix/intake", id: "e-1" };
      const outcome = await db.transaction((tx) => recordProcessedEvent(tx, { ...key, type: "t", status: 200, reply }));
      expect(outcome.recorded).toBe(true);
      const found = await findProcessedEvent(db, key);
      expect(found).toMatchObject({ ...key, type: "t", status: 200, reply });
      expect(found?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    });

    it("recording the same event twice keeps the first reply and reports the duplicate", async () => {
      const key = { consumer: "validate", source: "/casemix/intake", id: "e-2" };
      await db.transaction((tx) => recordProcessedEvent(tx, { ...key, status: 200, reply }));
      const second = await db.transaction((tx) => recordProcessedEvent(tx, { ...key, status: 202, reply: null }));
      expect(second).toMatchObject({ recorded: false, existing: { status: 200, reply } });
    });

    it("a processed event recorded in a rolled-back transaction is not kept", async () => {
      const key = { consumer: "validate", source: "/casemix/intake", id: "e-3" };
      await db
        .transaction(async (tx) => {
          await recordProcessedEvent(tx, { ...key, status: 202 });
          throw new Error("effect failed");
        })
        .catch(() => undefined);
      expect(await findProcessedEvent(db, key)).toBeUndefined();
    });

    it("outbox events are claimed oldest first and not claimed again once marked published", async () => {
      const ids = await db.transaction((tx) => appendOutbox(tx, [{ id: "o1" }, { id: "o2" }, { id: "o3" }]));
      expect(ids).toHaveLength(3);
      const first = await db.transaction(async (tx) => {
        const rows = await claimOutboxBatch(tx, 2);
        expect(await markOutboxPublished(tx, rows.map((r) => r.id))).toBe(2);
        return rows;
      });
      expect(first.map((r) => r.event)).toEqual([{ id: "o1" }, { id: "o2" }]);
      const rest = await db.transaction((tx) => claimOutboxBatch(tx, 10));
      expect(rest.map((r) => r.event)).toEqual([{ id: "o3" }]);
    });

    it("outbox events appended in a rolled-back transaction are never relayed", async () => {
      await db.transaction(async (tx) => {
        await appendOutbox(tx, [{ id: "lost" }]);
        throw new Error("no");
      }).catch(() => undefined);
      expect(await relayOutboxBatch(db, async () => undefined)).toBe(0);
    });

    it("a failed publish leaves the relayed batch unpublished for the next attempt", async () => {
      await db.transaction((tx) => appendOutbox(tx, [{ id: "o1" }]));
      await expect(relayOutboxBatch(db, async () => Promise.reject(new Error("broker down")))).rejects.toThrow("broker down");
      const published: unknown[] = [];
      expect(await relayOutboxBatch(db, async (events) => void published.push(...events))).toBe(1);
      expect(published).toEqual([{ id: "o1" }]);
    });

    it("two relays running at once publish every outbox event exactly once", async () => {
      await db.transaction((tx) => appendOutbox(tx, Array.from({ length: 7 }, (_, i) => ({ id: `o${i}` }))));
      const seen: string[] = [];
      const relay = async () => {
        while ((await relayOutboxBatch(db, async (events) => {
          await new Promise((r) => setTimeout(r, 5));
          seen.push(...events.map((e) => String(e.id)));
        }, 2)) > 0);
      };
      await Promise.all([relay(), relay()]);
      expect(seen.sort()).toEqual(["o0", "o1", "o2", "o3", "o4", "o5", "o6"]);
    });

    it("a dead letter is listed by route and taken once", async () => {
      await addDeadLetter(db, { id: "d1", route: "validate", event: { id: "x" }, status: 400, reason: "bad data", attempts: 1 });
      await addDeadLetter(db, { id: "d1", route: "validate", event: { id: "x" }, status: 400, reason: "again", attempts: 1 });
      const listed = await listDeadLetters(db, { route: "validate" });
      expect(listed).toMatchObject([{ id: "d1", status: 400, reason: "bad data", attempts: 1, event: { id: "x" } }]);
      expect(await listDeadLetters(db, { route: "other" })).toEqual([]);
      expect(await takeDeadLetter(db, "d1")).toMatchObject({ id: "d1" });
      expect(await takeDeadLetter(db, "d1")).toBeUndefined();
    });

    it("a run reports its last chunk exactly once and sums the chunk counts", async () => {
      await startRun(db, { id: "run_1", kind: "period-reprice", chunksTotal: 3 });
      const results = await Promise.all(
        [1, 2, 3].map((i) => db.transaction((tx) => completeRunChunk(tx, "run_1", { claims: 10, rejected: i === 2 ? 1 : 0 }))),
      );
      expect(results.filter((r) => r.last)).toHaveLength(1);
      const last = results.find((r) => r.last)!.run;
      expect(last).toMatchObject({ status: "completed", chunksDone: 3, counts: { claims: 30, rejected: 1 } });
      await expect(db.transaction((tx) => completeRunChunk(tx, "run_1"))).rejects.toMatchObject({ code: "E_DB_NOT_FOUND" });
    });

    it("ping answers true while open", async () => {
      expect(await db.ping()).toBe(true);
    });
  });
}
