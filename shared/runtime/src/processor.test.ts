import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type Queryable, type TestDb } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";
import { createEventProcessor } from "./processor.ts";
import { createLogger } from "./logger.ts";

const event = { specversion: "1.0", id: "evt_1", source: "/test", type: "casemix.test.ping", time: "2027-01-01T00:00:00Z", data: {} } as unknown as CasemixEvent;
const runs = async (db: TestDb) => (await db.query<{ id: string }>("select id from run order by id")).rows.map((r) => r.id);

describe.each(["main", "worker"] as const)("the event processor on PGlite (%s thread)", (thread) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestPglite({ thread });
  });
  afterEach(() => db.close());

  it("commits the effect with the idempotency record; a redelivery changes nothing", async () => {
    let handled = 0;
    const processor = createEventProcessor({
      fn: { name: "t", handle: async () => (handled++, { write: async (tx) => void (await tx.query("insert into run (id, kind) values ('run_a', 'x')")) }) },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    expect((await processor.process(event)).status).toBe(202);
    expect((await processor.process(event)).status).toBe(202);
    expect(handled).toBe(1);
    expect(await runs(db)).toEqual(["run_a"]);
  });

  it("rolls the effect back when another delivery recorded the event first (the effect was sent behind the record)", async () => {
    const processor = createEventProcessor({
      fn: {
        name: "t",
        handle: async () => {
          // Another delivery of the same event commits between this one's check and its transaction.
          await db.query("insert into processed_event (consumer, source, id, type, status) values ('t', '/test', 'evt_1', 'casemix.test.ping', 202)");
          return { write: async (tx) => void (await tx.query("insert into run (id, kind) values ('run_b', 'x')")) };
        },
      },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    expect(await processor.process(event)).toEqual({ status: 202 });
    expect(await runs(db)).toEqual([]);
  });

  it("a failing statement of the effect fails the event and leaves nothing, the record included", async () => {
    const processor = createEventProcessor({
      fn: {
        name: "t",
        handle: async () => ({
          write: async (tx) => void (await Promise.all([tx.query("insert into run (id, kind) values ('run_c', 'x')"), tx.query("select 1/0"), tx.query("insert into run (id, kind) values ('run_d', 'x')")])),
        }),
      },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    const result = await processor.process(event);
    expect(result.status).toBe(400);
    expect(result.error).toMatchObject({ code: "E_VALUE_REFUSED", message: expect.stringMatching(/division by zero.*22012/) });
    expect(await runs(db)).toEqual([]);
    expect((await db.query<{ n: number }>("select count(*)::int as n from processed_event")).rows[0].n).toBe(0);
  });

  it("a value the database refuses is answered 400 E_VALUE_REFUSED at once (dead-lettered, never retried), naming the rule, never the value", async () => {
    const processor = createEventProcessor({
      fn: { name: "t", handle: async () => ({ write: async (tx) => void (await tx.query("insert into run (id, kind) values ($1, 'x')", ["secret\u0000value"])) }) },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    const result = await processor.process(event);
    expect(result.status).toBe(400);
    expect(result.error?.code).toBe("E_VALUE_REFUSED");
    expect(result.error?.message).toMatch(/NUL.*22021/);
    expect(JSON.stringify(result)).not.toMatch(/secret/);
  });

  it("a refused row is isolated: only that row is handed back as refused and the rest of the write commits", async () => {
    const ids: Record<number, string> = { 1: "run_1", 2: "run_2", 3: "run_\u0000", 4: "run_4", 5: "run_5", 6: "run_\u0000b", 7: "run_7" };
    const seen: Array<number[]> = [];
    const insert = (tx: Queryable, rows: readonly number[]) =>
      tx.query("insert into run (id, kind) select id, 'x' from unnest($1::text[]) as t(id)", [rows.map((r) => ids[r])]).then(() => undefined);
    const processor = createEventProcessor({
      fn: {
        name: "t",
        handle: async (_e, ctx) => {
          const refused = ctx.refused ?? new Map();
          seen.push([...refused.keys()]);
          const rows = Object.keys(ids).map(Number).filter((r) => !refused.has(r));
          return {
            write: async (tx) => {
              await insert(tx, rows);
              for (const [row, error] of refused) await tx.query("insert into run (id, kind) values ($1, $2)", [`refused_${row}`, error.code]);
            },
            isolate: { rows, write: insert },
          };
        },
      },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    expect((await processor.process(event)).status).toBe(202);
    expect(seen).toEqual([[], [3, 6]]);
    expect(await runs(db)).toEqual(["refused_3", "refused_6", "run_1", "run_2", "run_4", "run_5", "run_7"]);
  });

  it("a write keyed by strings (isolateByKey) gets its refused keys back in refusedKeys, and row numbers stay untouched", async () => {
    const ids: Record<string, string> = { "clm_a@1": "run_a", "clm_b@2": "run_\u0000", "clm_c@1": "run_c" };
    const seen: Array<{ keys: string[]; rows: number }> = [];
    const insert = (tx: Queryable, keys: readonly string[]) =>
      tx.query("insert into run (id, kind) select id, 'x' from unnest($1::text[]) as t(id)", [keys.map((k) => ids[k])]).then(() => undefined);
    const processor = createEventProcessor({
      fn: {
        name: "t",
        handle: async (_e, ctx) => {
          const refused = ctx.refusedKeys ?? new Map();
          seen.push({ keys: [...refused.keys()], rows: ctx.refused?.size ?? 0 });
          const keys = Object.keys(ids).filter((k) => !refused.has(k));
          return {
            write: async (tx) => {
              await insert(tx, keys);
              for (const [key, error] of refused) await tx.query("insert into run (id, kind) values ($1, $2)", [`refused_${key}`, error.code]);
            },
            isolateByKey: { rows: keys, write: insert },
          };
        },
      },
      db, deps: {}, log: createLogger({ level: "silent" }),
    });
    expect((await processor.process(event)).status).toBe(202);
    expect(seen).toEqual([{ keys: [], rows: 0 }, { keys: ["clm_b@2"], rows: 0 }]);
    expect(await runs(db)).toEqual(["refused_clm_b@2", "run_a", "run_c"]);
  });
});
