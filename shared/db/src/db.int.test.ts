// The database contract against a real PostgreSQL (127.0.0.1:5432, database `test`, or TEST_DATABASE_URL
// through the test env below). Each run works in its own schema, dropped afterwards, so parallel runs
// never collide.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { describeDbContract } from "./db-contract.ts";
import { loadMigrations, migrate } from "./migrate.ts";
import type { Db } from "./port.ts";
import { createPostgresDb } from "./postgres.ts";
import { RANDOM_PAGE_COST } from "./planner.ts";

const env = z
  .object({ TEST_DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test") })
  .parse(process.env);

const schema = `db_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 1 });
const opened: Db[] = [];
const openInSchema = async (name: string): Promise<Db> => {
  const db = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 4, schema: name });
  opened.push(db);
  return db;
};

beforeAll(async () => {
  await admin.query(`create schema ${schema}`);
});
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`drop schema if exists ${schema}_race cascade`);
  await admin.close();
});

describeDbContract("PostgreSQL", () => openInSchema(schema));

describe("migrate on PostgreSQL", () => {
  it("two processes migrating a fresh database at once apply each file exactly once", async () => {
    await admin.query(`create schema ${schema}_race`);
    const [a, b] = [await openInSchema(`${schema}_race`), await openInSchema(`${schema}_race`)];
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
    const names = (await loadMigrations()).map((m) => m.name);
    expect([...ra.applied, ...rb.applied].sort()).toEqual(names);
    const { rows } = await a.query<{ n: string }>("select count(*) as n from schema_migrations");
    expect(Number(rows[0].n)).toBe(names.length);
  });

  it("every session plans with random_page_cost 1.1, so per-chunk joins probe indexes instead of scanning tables", async () => {
    const db = await openInSchema(schema);
    try {
      const { rows } = await db.query<{ random_page_cost: string }>("show random_page_cost");
      expect(rows[0]!.random_page_cost).toBe(String(RANDOM_PAGE_COST));
    } finally {
      await db.close();
    }
  });

  it("an unreachable server is a retryable E_DB_UNAVAILABLE error", async () => {
    const db = createPostgresDb({ url: "postgres://postgres@127.0.0.1:1/none", connectionTimeoutMillis: 1_000 });
    try {
      await expect(db.query("select 1")).rejects.toMatchObject({ code: "E_DB_UNAVAILABLE", retryable: true });
      expect(await db.ping()).toBe(false);
    } finally {
      await db.close();
    }
  });
});

describe("a dropped connection on PostgreSQL", () => {
  it("a transaction whose backend is terminated fails with a retryable error instead of crashing the process, and the next one works", async () => {
    const db = await openInSchema(schema);
    const unheard: unknown[] = [];
    const onUncaught = (error: unknown) => unheard.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const failed = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>("select pg_backend_pid() as pid");
        await admin.query("select pg_terminate_backend($1)", [rows[0].pid]);
        // The connection drops while this transaction holds its client between statements.
        await new Promise((r) => setTimeout(r, 300));
        await tx.query("select 1");
      });
      await expect(failed).rejects.toMatchObject({ retryable: true });
      await new Promise((r) => setTimeout(r, 100));
      expect(unheard).toEqual([]);
      expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>("select 2 as n")).rows[0].n)).toBe(2);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});
