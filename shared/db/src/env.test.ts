import { describe, expect, it } from "vitest";
import { DbEnvSchema } from "./env.ts";

describe("DbEnvSchema", () => {
  it("defaults to PGlite in memory, in this thread, with a pool of 10", () => {
    expect(DbEnvSchema.parse({})).toEqual({ DATABASE_POOL_MAX: 10, PGLITE_THREAD: "worker" });
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
