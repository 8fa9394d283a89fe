import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "@casemix/auth";
import { auditCall, createTestPglite, currentScope, withCaller, type TestDb } from "@casemix/db";
import { requestContext, type AccessLine } from "./request-context.ts";

const traceparent = `00-${"d".repeat(32)}-${"e".repeat(16)}-01`;

describe("the request context of REST calls", () => {
  let db: TestDb;
  let lines: AccessLine[];
  let app: Hono;
  beforeEach(async () => {
    db = await createTestPglite();
    lines = [];
    app = new Hono();
    app.use("*", requestContext({ accessLog: (line) => lines.push(line) }));
    // Stands in for the routes' auth middleware, which sets the verified principal after the context opened.
    app.use("/v1/*", async (c, next) => {
      const hospital = c.req.header("x-test-hospital");
      c.set("principal" as never, { subject: "coder-1", roles: ["hospital"], ...(hospital ? { hospital } : {}) } satisfies Principal as never);
      await next();
    });
    app.post("/v1/change", async (c) => {
      await db.transaction((tx) => auditCall(tx, "thing.change", "obj_1"));
      return c.json({ scope: currentScope(), events: withCaller([{ id: "e1" }]) });
    });
    app.get("/open", (c) => c.json({ scope: currentScope() }));
  });
  afterEach(() => db.close());

  it("a call audits its verified caller with the request and trace ids, and the events it starts carry the caller", async () => {
    const res = await app.request("/v1/change", { method: "POST", headers: { "x-request-id": "req-7", traceparent, "x-test-hospital": "H001" } });
    expect(res.headers.get("x-request-id")).toBe("req-7");
    const body = await res.json();
    expect(body.scope).toEqual({ kind: "hospital", hospital: "H001" });
    expect(body.events).toEqual([{ id: "e1", casemixactor: "coder-1", casemixroles: "hospital", casemixhospital: "H001", casemixrequest: "req-7" }]);
    const { rows } = await db.query("select actor, roles, hospital, action, object, request_id, trace_id from audit_record");
    expect(rows).toEqual([{ actor: "coder-1", roles: ["hospital"], hospital: "H001", action: "thing.change", object: "obj_1", request_id: "req-7", trace_id: "d".repeat(32) }]);
  });

  it("writes one access-log line per call, with the caller and status but no query string", async () => {
    await app.request("/v1/change?mykad=900101015555", { method: "POST" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: "access", method: "POST", path: "/v1/change", status: 200, actor: "coder-1", roles: ["hospital"], hospital: null });
    expect(lines[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(lines[0])).not.toContain("900101015555");
  });

  it("a national caller works in the system scope; a call with no verified caller sees no hospital's rows", async () => {
    expect((await (await app.request("/v1/change", { method: "POST" })).json()).scope).toEqual({ kind: "system" });
    expect((await (await app.request("/open")).json()).scope).toEqual({ kind: "none" });
  });

  it("a malformed x-request-id is replaced, not echoed", async () => {
    const res = await app.request("/open", { headers: { "x-request-id": "bad id with spaces and <tags>" } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
