import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { DbError } from "@casemix/db";
import { answerError } from "./answer-error.ts";
import { invalid } from "./errors.ts";
import { createLogger } from "./logger.ts";

const appThrowing = (error: unknown) => {
  const app = new Hono();
  app.onError((e, c) => answerError(e, c, createLogger({ level: "silent" })));
  const sub = new Hono();
  sub.get("/x", () => {
    throw error;
  });
  app.route("/", sub);
  return app;
};

describe("answerError", () => {
  it("answers a retryable database error from a mounted route 503 with Retry-After", async () => {
    const res = await appThrowing(new DbError("E_DB_UNAVAILABLE", "Connection terminated unexpectedly", { retryable: true })).request("/x");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toEqual({ error: { code: "E_TRANSIENT", message: "Connection terminated unexpectedly" } });
  });

  it("keeps a CasemixError's status and code, and answers anything else 500", async () => {
    expect((await appThrowing(invalid("E_BAD", "bad")).request("/x")).status).toBe(400);
    const res = await appThrowing(new Error("bug")).request("/x");
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("E_INTERNAL");
  });

  it("answers a value the database refused 400 E_VALUE_REFUSED, naming the rule and never the server's message (it may quote the value)", async () => {
    const refused = new DbError("E_DB_REFUSED", 'invalid input syntax for type integer: "MyKad 900101-14-5555"', { sqlState: "22P02" });
    const res = await appThrowing(refused).request("/x");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("E_VALUE_REFUSED");
    expect(body.error.message).toMatch(/not valid input for its type \(SQLSTATE 22P02\)/);
    expect(body.error.message).not.toMatch(/900101/);
  });
});
