import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { Hono } from "hono";
import { answerError, createLogger, createTestPlatform, failBatchOfDeadLetter, type TestPlatform } from "@casemix/runtime";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { loadIntakeEnv } from "../env.ts";
import { createIntakeApi } from "./api.ts";
import { createRawObjects, developmentMasterKeys } from "@casemix/storage";

let issuer: TestIssuer;
let platform: TestPlatform;
let app: Hono;

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  // Mounted as a function's server and the embedded mesh mount it: errors answered by answerError.
  app = new Hono();
  app.onError((error, c) => answerError(error, c, createLogger({ level: "silent" })));
  app.route("/", createIntakeApi({ platform, env: loadIntakeEnv({}), pseudonymKey: "k".repeat(32), raw: createRawObjects(platform.store, developmentMasterKeys("test")) }, async () => ({ outcomes: [] })));
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

  it("a batch whose chunk was dead-lettered reads failed with the reason and the dead-letter ids", async () => {
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status, chunks_total) VALUES ('bat_dlq', 'H10-DEC915', 'upload', 'processing', 1)");
    const event = { specversion: "1.0", id: "evt_1", source: "/casemix/validate", type: EventTypes.claimsChunkValidated, data: { batchId: "bat_dlq", chunkId: "chk_dlq-00000" } } as unknown as CasemixEvent;
    await failBatchOfDeadLetter(platform.db, { id: "dlq_abc", route: "dedupe-claims-validated", event, status: 503, reason: "E_TRANSIENT: gone", attempts: 8, at: "2026-11-28T00:00:00Z" });
    const headers = { authorization: `Bearer ${await issuer.token({ roles: ["hospital"], hospital: "H10-DEC915" })}` };
    const status = (await (await app.request("/v1/batches/bat_dlq", { headers })).json()) as { status: string; error: { code: string; message: string; deadLetterIds: string[] } };
    expect(status.status).toBe("failed");
    expect(status.error).toMatchObject({ code: "E_CHUNK_DEAD_LETTERED", deadLetterIds: ["dlq_abc"] });
    expect(status.error.message).toMatch(/chk_dlq-00000 .* dedupe-claims-validated .* 8 attempt\(s\), status 503 E_TRANSIENT/);
  });
});
