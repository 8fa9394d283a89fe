// The configuration store against real PostgreSQL and Redis (127.0.0.1; TEST_DATABASE_URL / REDIS_URL
// through the env below). Each run works in its own schema and Redis namespace, removed afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRedisCache } from "@casemix/cache";
import { createPostgresDb, migrate, type Db } from "@casemix/db";
import { demoDefinitionDir } from "@casemix/grouper";
import { createConfigStore } from "./config-store.ts";
import { importDefinitionDir } from "./importers.ts";
import { createDraft, publishVersion } from "./repository.ts";

const env = z
  .object({ TEST_DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test"), REDIS_URL: z.string().default("redis://127.0.0.1:6379") })
  .parse(process.env);

const schema = `config_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 1 });
let db: Db;
const caches: ReturnType<typeof createRedisCache>[] = [];
const cache = () => {
  const c = createRedisCache({ url: env.REDIS_URL, namespace: schema });
  caches.push(c);
  return c;
};

beforeAll(async () => {
  await admin.query(`create schema ${schema}`);
  db = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 4, schema });
  await migrate(db);
});
afterAll(async () => {
  await caches[0]?.deletePrefix("");
  await Promise.all(caches.map((c) => c.close()));
  await db.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.close();
});

describe("config store on PostgreSQL and Redis", () => {
  it("seeds the demo, and a second process reads the content from Redis", async () => {
    const first = createConfigStore({ db, cache: cache() });
    const a = await first.definitionFor("2027-01-15");
    const shared = caches[0];
    expect(await shared.get(`config:content:${a.version.id}`)).toBeDefined();
    const contentReads: string[] = [];
    const counting: Db = Object.create(db, {
      query: { value: (sql: string, params?: readonly unknown[]) => (sql.includes("select content") && contentReads.push(sql), db.query(sql, params)) },
    });
    const second = createConfigStore({ db: counting, cache: cache() });
    expect((await second.definitionFor("2027-01-15")).version.id).toBe(a.version.id);
    expect(contentReads).toEqual([]); // the content came from Redis, not the database
  });

  it("PostgreSQL refuses to change a published version", async () => {
    const v = await createDraft(db, importDefinitionDir(demoDefinitionDir, "package", { effectiveFrom: "2027-01-01", label: "pg v2" }));
    await publishVersion(db, v.id);
    await expect(db.query("update config_version set effective_to = '2027-06-01' where id = $1", [v.id])).rejects.toThrow(/immutable/);
  });

  it("a published version is in force for new lookups after config.published", async () => {
    const store = createConfigStore({ db, cache: cache(), indexTtlMs: 60_000 });
    await store.definitionFor("2026-06-01");
    const v = await createDraft(db, importDefinitionDir(demoDefinitionDir, "package", { effectiveFrom: "2026-01-01", label: "pg v3" }));
    await publishVersion(db, v.id);
    store.invalidate("definition");
    expect((await store.definitionFor("2026-06-01")).version.label).toBe("pg v3");
  });
});
