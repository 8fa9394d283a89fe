import { describe, expect, it } from "vitest";
import { DbEnvSchema } from "./env.ts";

describe("DbEnvSchema", () => {
  it("defaults to PGlite in memory, in a worker thread, with no settings over the project's, a pool of 10 keeping idle connections a minute, auditing on and no row scope", () => {
    expect(DbEnvSchema.parse({})).toEqual({ DATABASE_POOL_MAX: 10, DATABASE_POOL_IDLE_MS: 60_000, PGLITE_THREAD: "worker", PGLITE_SETTINGS: {}, CASEMIX_AUDIT: "on", DATABASE_ROW_SCOPE: "off" });
  });

  it("PGLITE_SETTINGS takes space-separated name=value pairs and names a pair that is not one", () => {
    expect(DbEnvSchema.parse({ PGLITE_SETTINGS: " shared_buffers=512MB  wal_buffers=16MB " }).PGLITE_SETTINGS).toEqual({ shared_buffers: "512MB", wal_buffers: "16MB" });
    const bad = DbEnvSchema.safeParse({ PGLITE_SETTINGS: "shared_buffers 512MB" });
    expect(bad.error?.issues[0]).toMatchObject({ path: ["PGLITE_SETTINGS"], message: '"shared_buffers" is not name=value' });
  });

  it("DATABASE_POOL_IDLE_MS takes a positive whole number of milliseconds", () => {
    expect(DbEnvSchema.parse({ DATABASE_POOL_IDLE_MS: "15000" }).DATABASE_POOL_IDLE_MS).toBe(15_000);
    for (const bad of ["0", "-1", "1.5", "soon"]) expect(DbEnvSchema.safeParse({ DATABASE_POOL_IDLE_MS: bad }).error?.issues[0].path).toEqual(["DATABASE_POOL_IDLE_MS"]);
  });

  it("PGLITE_THREAD takes only worker or main", () => {
    expect(DbEnvSchema.parse({ PGLITE_THREAD: "worker" }).PGLITE_THREAD).toBe("worker");
    expect(DbEnvSchema.safeParse({ PGLITE_THREAD: "yes" }).error?.issues[0].path).toEqual(["PGLITE_THREAD"]);
  });

  it("rejects a DATABASE_URL that is not a postgres URL, naming the variable", () => {
    const result = DbEnvSchema.safeParse({ DATABASE_URL: "mysql://x/y" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["DATABASE_URL"]);
  });
});
