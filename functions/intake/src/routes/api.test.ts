import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";
import { LANDING_COLUMNS } from "@casemix/claims";
import { readChunk } from "@casemix/parquet";
import type { TestPlatform } from "@casemix/runtime";
import { exampleClaim, startIntakeTestApi, type IntakeTestApi } from "./test-api.ts";

let platform: TestPlatform;
let app: IntakeTestApi["app"];
let as: IntakeTestApi["as"];
let close: IntakeTestApi["close"];
const claim = exampleClaim;

beforeAll(async () => void ({ platform, app, as, close } = await startIntakeTestApi()));
afterAll(() => close());

describe("intake REST API", () => {
  it("refuses a request without a token", async () => expect((await app.request("/v1/batches/bat_x")).status).toBe(401));

  it("takes one claim as a batch of one and records it, without the raw patient identifier", async () => {
    const res = await app.request("/v1/claims", { method: "POST", body: JSON.stringify(claim), headers: { ...(await as(["hospital"], "H10-DEC915")), "content-type": "application/json" } });
    expect(res.status).toBe(202);
    const { batchId } = (await res.json()) as { batchId: string };
    const status = (await (await app.request(`/v1/batches/${batchId}`, { headers: await as(["hospital"], "H10-DEC915") })).json()) as { counts: unknown; rowsReceived: number };
    expect(status).toMatchObject({ rowsReceived: 1, counts: { received: 1 }, progress: { settled: 0, total: 1, percent: 0 } });
    const { rows } = await platform.db.query<{ object_key: string }>("SELECT object_key FROM intake_chunk WHERE batch_id = $1", [batchId]);
    const [landing] = await readChunk(await platform.store.get(rows[0].object_key), { schema: LANDING_COLUMNS });
    expect(landing.patientPseudo).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.values(landing).map(String)).not.toContain(claim.patientId);
    expect(platform.sent).toEqual([]);
    const { rows: outbox } = await platform.db.query("SELECT 1 FROM outbox WHERE event->>'type' = 'gov.my.casemix.claims.chunk.received.v1'");
    expect(outbox).toHaveLength(1);
  });

  it("shows a batch's progress: settled claims of those received, percent, rate", async () => {
    const res = await app.request("/v1/claims", { method: "POST", body: JSON.stringify({ ...claim, claimNumber: "PROGRESS-1" }), headers: { ...(await as(["hospital"], "H10-DEC915")), "content-type": "application/json" } });
    const { batchId } = (await res.json()) as { batchId: string };
    // As flag-outlier leaves a finished claim (final) and completes the batch.
    await platform.db.query("INSERT INTO claim_row (batch_id, row_no, chunk_id, state) VALUES ($1, 1, 'chk_x', 'final')", [batchId]);
    await platform.db.query("UPDATE batch SET status = 'completed', completed_at = created_at + interval '2 seconds' WHERE id = $1", [batchId]);
    const status = (await (await app.request(`/v1/batches/${batchId}`, { headers: await as(["hospital"], "H10-DEC915") })).json()) as { progress: unknown };
    expect(status.progress).toEqual({ settled: 1, total: 1, percent: 100, elapsedSeconds: 2, claimsPerSecond: 0.5, etaSeconds: null });
  });

  it("counts and lists rows not yet decided by validate or dedupe as received", async () => {
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status, rows_received) VALUES ('bat_undecided', 'H10-DEC915', 'upload', 'processing', 5)");
    await platform.db.query(
      `INSERT INTO claim_row (batch_id, row_no, chunk_id, claim_number, state, errors) VALUES
         ('bat_undecided', 2, 'chk_u', 'C2', 'rejected', '[{"code":"E_DATE_ORDER","field":"dischargeDate","message":"before admission"}]'),
         ('bat_undecided', 4, 'chk_u', 'C4', 'validated', NULL)`,
    );
    const headers = await as(["hospital"], "H10-DEC915");
    const status = (await (await app.request("/v1/batches/bat_undecided", { headers })).json()) as { counts: unknown };
    expect(status.counts).toEqual({ received: 3, rejected: 1, validated: 1 });
    const csv = await (await app.request("/v1/batches/bat_undecided/result.csv", { headers })).text();
    expect(csv.trim().split("\r\n").slice(1).map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
      "1,,,,received", "2,C2,,,rejected", "3,,,,received", "4,C4,,,validated", "5,,,,received",
    ]);
  });

  it("does not let a hospital submit another hospital's claim", async () => {
    const res = await app.request("/v1/claims", { method: "POST", body: JSON.stringify(claim), headers: { ...(await as(["hospital"], "H04-AD057A")), "content-type": "application/json" } });
    expect(res.status).toBe(403);
  });

  it("answers another hospital's batch as not found", async () => {
    const res = await app.request("/v1/claims", { method: "POST", body: JSON.stringify(claim), headers: { ...(await as(["ministry"])), "content-type": "application/json" } });
    const { batchId } = (await res.json()) as { batchId: string };
    expect((await app.request(`/v1/batches/${batchId}`, { headers: await as(["hospital"], "H04-AD057A") })).status).toBe(404);
    expect((await app.request(`/v1/batches/${batchId}/result.csv`, { headers: await as(["hospital"], "H04-AD057A") })).status).toBe(404);
  });

  it("lets only operators pull SFTP", async () => expect((await app.request("/v1/sftp/pull", { method: "POST", headers: await as(["hospital"], "H10-DEC915") })).status).toBe(403));

  it("reprocesses a batch from its raw file as a new batch with the same bytes and rows", async () => {
    const headers = await as(["ministry"]);
    const first = (await (await app.request("/v1/claims", { method: "POST", body: JSON.stringify(claim), headers: { ...headers, "content-type": "application/json" } })).json()) as { batchId: string };
    const res = await app.request(`/v1/batches/${first.batchId}/reprocess`, { method: "POST", headers });
    expect(res.status).toBe(202);
    const again = (await res.json()) as { batchId: string; reprocessOf: string; rows: number; rawSha256: string };
    expect(again).toMatchObject({ reprocessOf: first.batchId, rows: 1 });
    expect(again.batchId).not.toBe(first.batchId);
    const { rows } = await platform.db.query<{ id: string; raw_sha256: string }>("SELECT id, raw_sha256 FROM batch WHERE id = ANY($1::text[])", [[first.batchId, again.batchId]]);
    expect(new Set(rows.map((r) => r.raw_sha256)).size).toBe(1);
  });

  it("does not let a hospital reprocess another hospital's batch", async () => {
    const first = (await (await app.request("/v1/claims", { method: "POST", body: JSON.stringify(claim), headers: { ...(await as(["ministry"])), "content-type": "application/json" } })).json()) as { batchId: string };
    expect((await app.request(`/v1/batches/${first.batchId}/reprocess`, { method: "POST", headers: await as(["hospital"], "H04-AD057A") })).status).toBe(404);
  });

  it("describes itself as OpenAPI 3.1 with every operation", async () => {
    const doc = (await (await app.request("/v1/openapi/intake.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/v1/batches", "/v1/batches/{batchId}", "/v1/batches/{batchId}/claims", "/v1/batches/{batchId}/reprocess", "/v1/batches/{batchId}/result.csv", "/v1/claims", "/v1/claims/{claimId}", "/v1/sftp/pull"]);
  });

  it("serves the docs UI from the installed package, with no CDN", async () => {
    const html = await (await app.request("/docs")).text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const d of API_DOCUMENTS) expect(html).toContain(`"url":"${apiDocumentPath(d.name)}"`);
    const js = await app.request("/docs/assets/swagger-ui-bundle.js");
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(100_000);
  });
});
