// SQLSTATE classification and the isolation of refused rows against a real PostgreSQL (DATABASE_URL of
// scripts/services-env.sh), in a schema of its own, dropped afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDb, migrate, type Db, type DbError, type Queryable } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";
import { statusOf } from "./errors.ts";
import { integrationEnv, uniqueName } from "./integration-env.ts";
import { createLogger } from "./logger.ts";
import { createEventProcessor } from "./processor.ts";

const env = integrationEnv();
const schema = uniqueName("refused");
const admin = createPostgresDb({ url: env.DATABASE_URL, max: 1 });
let db: Db;

beforeAll(async () => {
  await admin.query(`create schema ${schema}`);
  db = createPostgresDb({ url: env.DATABASE_URL, max: 4, schema });
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.close();
});

const event = (id: string) => ({ specversion: "1.0", id, source: "/test", type: "casemix.test.ping", time: "2027-01-01T00:00:00Z", data: {} }) as unknown as CasemixEvent;
const runs = async (prefix: string) => (await db.query<{ id: string }>("select id from run where id like $1 order by id", [`${prefix}%`])).rows.map((r) => r.id);
const log = createLogger({ level: "silent" });

describe("PostgreSQL: a value the database refuses", () => {
  it("is classed by SQLSTATE as refused (400), never transient: NUL in text, NUL and lone surrogates in JSON, out of range, not null", async () => {
    const refusal = (sql: string, params: unknown[]) => db.query(sql, params).then(() => undefined, (e: unknown) => e as DbError);
    const cases: Array<[string, unknown[], string]> = [
      ["insert into run (id, kind) values ($1, 'x')", ["run_\u0000"], "22021"],
      ["select $1::jsonb", [JSON.stringify({ a: "\u0000" })], "22P05"],
      ["select $1::jsonb", [JSON.stringify({ a: "\ud800" })], "22P02"],
      ["select $1::int", [2 ** 40], "22003"],
      ["insert into run (id, kind) values (null, 'x')", [], "23502"],
    ];
    for (const [sql, params, state] of cases) {
      const error = await refusal(sql, params);
      expect(error, sql).toMatchObject({ sqlState: state, refused: true, retryable: false });
      expect(statusOf(error)).toBe(400);
    }
  });

  it("a refused row is isolated by bisection: only it is handed back, the rest of the write commits", async () => {
    const ids: Record<number, string> = { 1: "iso_1", 2: "iso_\u0000", 3: "iso_3", 4: "iso_4", 5: "iso_5" };
    const insert = (tx: Queryable, rows: readonly number[]) =>
      tx.query("insert into run (id, kind) select id, 'x' from unnest($1::text[]) as t(id)", [rows.map((r) => ids[r])]).then(() => undefined);
    const processor = createEventProcessor({
      fn: {
        name: "t",
        handle: async (_e, ctx) => {
          const refused = ctx.refused ?? new Map();
          const rows = Object.keys(ids).map(Number).filter((r) => !refused.has(r));
          return {
            write: async (tx) => {
              await insert(tx, rows);
              for (const [row, error] of refused) await tx.query("insert into run (id, kind) values ($1, $2)", [`iso_refused_${row}`, error.code]);
            },
            isolate: { rows, write: insert },
          };
        },
      },
      db, deps: {}, log,
    });
    expect((await processor.process(event("evt_iso"))).status).toBe(202);
    expect(await runs("iso_")).toEqual(["iso_1", "iso_3", "iso_4", "iso_5", "iso_refused_2"]);
  });

  it("two deliveries of one event racing on the idempotency record: one effect, and both answer the stored reply", async () => {
    let handled = 0;
    const processor = createEventProcessor({
      fn: { name: "t", handle: async () => (handled++, { write: async (tx) => void (await tx.query("insert into run (id, kind) values ('race_1', 'x')")) }) },
      db, deps: {}, log,
    });
    const results = await Promise.all([processor.process(event("evt_race")), processor.process(event("evt_race"))]);
    expect(results.map((r) => r.status)).toEqual([202, 202]);
    expect(await runs("race_")).toEqual(["race_1"]);
    expect(handled).toBeGreaterThanOrEqual(1);
  });
});
