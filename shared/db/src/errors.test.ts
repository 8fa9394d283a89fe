import { describe, expect, it } from "vitest";
import { classifyDbFailure, classifySqlState, DbError, refusedRule, toDbError } from "./errors.ts";
import { createTestPglite } from "./testing.ts";

const pgError = (code: string, extra: Record<string, string> = {}) => Object.assign(new Error(`server said ${code}`), { code, ...extra });

describe("classifying a database failure by its SQLSTATE", () => {
  it.each(["22001", "22003", "22007", "22008", "22021", "22P02", "22P05"])("class 22 data exception %s is refused, never retried", (state) => {
    const e = toDbError(pgError(state));
    expect(classifySqlState(state)).toBe("refused");
    expect(e).toMatchObject({ code: "E_DB_REFUSED", sqlState: state, retryable: false, refused: true });
    expect(classifyDbFailure(e)).toBe("refused");
  });

  it.each(["23502", "23503", "23514", "23P01"])("class 23 integrity violation %s is refused, never retried", (state) => {
    const e = toDbError(pgError(state, { column: "claim_number", constraint: "c_check" }));
    expect(e).toMatchObject({ code: "E_DB_REFUSED", retryable: false, refused: true, column: "claim_number", constraint: "c_check" });
    expect(classifyDbFailure(e)).toBe("refused");
  });

  it("a unique violation keeps its own code (a caller may read it as a race) and is refused, not transient", () => {
    const e = toDbError(pgError("23505"));
    expect(e).toMatchObject({ code: "E_DB_CONFLICT", retryable: false, refused: true });
  });

  it.each(["08000", "08006", "08P01", "40001", "40P01", "53300", "57P01", "57P03", "57014", "55P03"])("connection, serialization, deadlock, resources and shutdown %s are transient", (state) => {
    const e = toDbError(pgError(state));
    expect(e).toMatchObject({ code: "E_DB_QUERY", retryable: true, refused: false });
    expect(classifyDbFailure(e)).toBe("transient");
  });

  it.each(["42601", "42P01", "0A000", "XX000"])("any other class (%s) is neither refused nor transient", (state) => {
    expect(classifyDbFailure(toDbError(pgError(state)))).toBe("other");
  });

  it("a socket that could not reach the server is transient; a thrown non-database error is other", () => {
    expect(classifyDbFailure(toDbError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })))).toBe("transient");
    expect(classifyDbFailure(new Error("boom"))).toBe("other");
    expect(classifyDbFailure(new DbError("E_DB_UNAVAILABLE", "gone", { retryable: true }))).toBe("transient");
  });

  it("the rule of a refused value is said in words and never quotes the server's message", () => {
    expect(refusedRule("22021")).toMatch(/NUL/);
    expect(refusedRule("22003")).toMatch(/out of range/);
    expect(refusedRule("23999")).toMatch(/integrity/);
  });
});

describe.each(["main", "worker"] as const)("PGlite (%s thread) carries the SQLSTATE of a refused value", (thread) => {
  it("a NUL byte in text, a NUL or lone surrogate in JSON and a number out of range are refused", async () => {
    const db = await createTestPglite({ thread });
    try {
      const refusal = (sql: string, params: unknown[]) => db.query(sql, params).then(() => undefined, (e: unknown) => e as DbError);
      expect(await refusal("insert into run (id, kind) values ($1, 'x')", ["run_\u0000"])).toMatchObject({ sqlState: "22021", refused: true });
      expect(await refusal("select $1::jsonb", [JSON.stringify({ a: "\u0000" })])).toMatchObject({ sqlState: "22P05", refused: true });
      expect(await refusal("select $1::jsonb", [JSON.stringify({ a: "\ud800" })])).toMatchObject({ sqlState: "22P02", refused: true });
      expect(await refusal("select $1::int", [2 ** 40])).toMatchObject({ sqlState: "22003", refused: true });
      expect(await refusal("insert into run (id, kind) values (null, 'x')", [])).toMatchObject({ sqlState: "23502", refused: true, column: "id" });
    } finally {
      await db.close();
    }
  });
});
