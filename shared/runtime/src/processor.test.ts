import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
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
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.error?.message).toMatch(/division by zero/);
    expect(await runs(db)).toEqual([]);
    expect((await db.query<{ n: number }>("select count(*)::int as n from processed_event")).rows[0].n).toBe(0);
  });
});
