import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { Hono } from "hono";
import { answerError, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { loadIntakeEnv } from "../env.ts";
import { createIntakeApi } from "./api.ts";

let issuer: TestIssuer;
let platform: TestPlatform;
let app: Hono;

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  // Mounted as a function's server and the embedded mesh mount it: errors answered by answerError.
  app = new Hono();
  app.onError((error, c) => answerError(error, c, createLogger({ level: "silent" })));
  app.route("/", createIntakeApi({ platform, env: loadIntakeEnv({}), pseudonymKey: "k".repeat(32) }, async () => ({ outcomes: [] })));
});
afterAll(async () => {
  await platform.db.close();
  await issuer.close();
});

describe("intake with a value the database refuses", () => {
  it("a file name with a NUL byte is refused with a 4xx naming the rule, never a 500 or a retry, and leaves no batch behind", async () => {
    const csv = "hospital_code,claim_number\nH10-DEC915,C1\n";
    const headers = { authorization: `Bearer ${await issuer.token({ roles: ["hospital"], hospital: "H10-DEC915" })}`, "content-type": "text/csv" };
    const res = await app.request("/v1/batches?fileName=a%00b.csv", { method: "POST", body: csv, headers });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^E_[A-Z_]+$/);
    expect(body.error.message).not.toContain("\u0000");
    const { rows } = await platform.db.query("SELECT id FROM batch WHERE status IN ('receiving', 'processing')");
    expect(rows).toEqual([]);
  });
});
