import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { loadIntakeEnv } from "../../env.ts";
import { createIntakeApi } from "../api.ts";

let issuer: TestIssuer;
let platform: TestPlatform;
let app: ReturnType<typeof createIntakeApi>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  app = createIntakeApi({ platform, env: loadIntakeEnv({ INTAKE_CHUNK_SIZE: "2" }), pseudonymKey: "k".repeat(32), raw: createRawObjects(platform.store, developmentMasterKeys("test")) }, async () => ({ outcomes: [] }));
});
afterAll(async () => {
  await platform.db.close();
  await issuer.close();
});

const HOSPITAL = "H10-DEC915";
const csv = [
  "hospital_code,claim_number,patient_id,admission_date,discharge_date,admission_type,discharge_status,sex,date_of_birth,birth_weight_grams,principal_diagnosis,secondary_diagnoses,procedures,procedure_dates,department,total_charges",
  `${HOSPITAL},IK-1,800101145678,2026-09-01,2026-09-03,emergency,home,M,1980-01-01,,J18.9,,,,medical,1000.00`,
  `${HOSPITAL},IK-2,800101145679,2026-09-01,2026-09-04,emergency,home,F,1980-01-01,,J18.9,,,,medical,1000.00`,
  `${HOSPITAL},IK-3,800101145670,2026-09-02,2026-09-04,emergency,home,F,1980-01-01,,J18.9,,,,medical,1000.00`,
].join("\n");

async function post(key: string | undefined, body = csv) {
  const token = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "text/csv", ...(key ? { "idempotency-key": key } : {}) };
  const res = await app.request("/v1/batches?fileName=ik.csv", { method: "POST", body, headers });
  return { status: res.status, body: (await res.json()) as { batchId: string; rows: number; chunks: number; error?: { code: string }; sameFileAs?: { batchId: string }; warning?: string } };
}

const countOf = async (sql: string, params: unknown[]) => Number((await platform.db.query<{ n: number }>(sql, params)).rows[0].n);

describe("POST /v1/batches with an Idempotency-Key", () => {
  it("sent twice, makes one batch and answers the second time with it", async () => {
    const first = await post("ik-twice");
    const second = await post("ik-twice");
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ batchId: first.body.batchId, rows: 3, chunks: 2 });
    expect(await countOf("SELECT count(*)::int AS n FROM batch WHERE id = $1", [first.body.batchId])).toBe(1);
    expect(await countOf("SELECT count(*)::int AS n FROM outbox WHERE event->'data'->>'batchId' = $1", [first.body.batchId])).toBe(2);
  });

  it("takes the file again under the same id when the batch was lost (a database restored to an earlier point), with the same chunk events", async () => {
    const first = await post("ik-restored");
    const before = await platform.db.query<{ id: string }>("SELECT event->>'id' AS id FROM outbox WHERE event->'data'->>'batchId' = $1 ORDER BY 1", [first.body.batchId]);
    for (const table of ["intake_chunk", "outbox"]) await platform.db.query(`DELETE FROM ${table} WHERE ${table === "outbox" ? "event->'data'->>'batchId'" : "batch_id"} = $1`, [first.body.batchId]);
    await platform.db.query("DELETE FROM batch WHERE id = $1", [first.body.batchId]);
    const again = await post("ik-restored");
    expect(again.status).toBe(202);
    expect(again.body.batchId).toBe(first.body.batchId);
    const after = await platform.db.query<{ id: string }>("SELECT event->>'id' AS id FROM outbox WHERE event->'data'->>'batchId' = $1 ORDER BY 1", [first.body.batchId]);
    expect(after.rows).toEqual(before.rows);
  });

  it("a keyed POST makes its own batch, and each POST without a key a new one", async () => {
    const keyed = await post("ik-other");
    const plain1 = await post(undefined);
    const plain2 = await post(undefined);
    expect(new Set([keyed.body.batchId, plain1.body.batchId, plain2.body.batchId]).size).toBe(3);
  });

  it("refuses a key with characters outside its pattern", async () => {
    const res = await post("no spaces allowed");
    expect(res.status).toBe(400);
  });
});

describe("POST /v1/batches of a file already accepted", () => {
  it("answers with the earlier batch id and says what to do", async () => {
    const file = csv.replaceAll("IK-", "SAME-");
    const first = await post(undefined, file);
    expect(first.body.sameFileAs).toBeUndefined();
    const second = await post(undefined, file);
    expect(second.status).toBe(202);
    expect(second.body.batchId).not.toBe(first.body.batchId);
    expect(second.body.sameFileAs).toMatchObject({ batchId: first.body.batchId });
    expect(second.body.warning).toContain(`already accepted as batch ${first.body.batchId}`);
    expect((await post(undefined, `${file}\n`)).body.sameFileAs).toBeUndefined();
  });
});
