// The issue 7 acceptance suite on a real PostgreSQL (127.0.0.1:5432, database `test`, or
// TEST_DATABASE_URL): each test works in its own schema, migrated, dropped afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { z } from "zod";
import { createMemoryCache } from "@casemix/cache";
import { createPostgresDb, migrate } from "@casemix/db";
import { BaseEnvSchema, createLogger, parseEnv, type Platform } from "@casemix/runtime";
import { createFolderStore } from "@casemix/storage";
import { describeNotifyAcceptance } from "../test-support/acceptance-suite.ts";

const env = z.object({ TEST_DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test") }).parse(process.env);
const admin = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 1 });
afterAll(() => admin.close());

describeNotifyAcceptance("PostgreSQL", async () => {
  const schema = `notify_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin.query(`create schema ${schema}`);
  const db = createPostgresDb({ url: env.TEST_DATABASE_URL, max: 8, schema });
  await migrate(db);
  const root = await mkdtemp(join(tmpdir(), "notify-objects-"));
  const platform: Platform = {
    env: parseEnv(BaseEnvSchema, { LOG_LEVEL: "silent", OBJECTS_DIR: root }), source: {}, db, store: createFolderStore({ root }), cache: createMemoryCache(),
    log: createLogger({ level: "silent" }), now: () => new Date(), send: async () => {},
    verifier: async () => {
      throw new Error("no REST in this suite");
    },
  };
  return {
    platform,
    async dispose() {
      await db.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
    },
  };
});
