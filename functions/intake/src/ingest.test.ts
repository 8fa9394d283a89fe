import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { ingestFile, type IngestOptions } from "./ingest.ts";

const HEADER =
  "hospital_code,claim_number,patient_id,admission_date,discharge_date,admission_type,discharge_status,sex,date_of_birth,birth_weight_grams,principal_diagnosis,secondary_diagnoses,procedures,procedure_dates,department,total_charges";
const csvOf = (rows: number, prefix: string): string =>
  [HEADER, ...Array.from({ length: rows }, (_, i) => `H10-DEC915,${prefix}-${i + 1},800101-14-5566,2026-03-01,2026-03-05,emergency,1,M,1980-01-01,,I21.9,I10,,,CARD,1845.00`)].join("\n") + "\n";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await createTestPlatform();
});
afterAll(async () => {
  await platform.db.close();
});

const options = (batchId: string, csv: string): IngestOptions => ({
  platform, batchId, hospitalCode: "H10-DEC915", channel: "upload", fileName: "claims.csv", format: "csv",
  body: Readable.from([Buffer.from(csv)]), pseudonymKey: "k".repeat(32), raw: createRawObjects(platform.store, developmentMasterKeys("test")), chunkSize: 10, maxFileBytes: 1 << 20, maxJsonBytes: 1 << 20,
});

describe("ingestFile", () => {
  it("records the chunks one at a time and in order while parsing goes on, the last one with the chunk count", async () => {
    const result = await ingestFile(options("bat_ingest_order", csvOf(25, "ORD")));
    expect(result).toMatchObject({ ok: true, rows: 25, chunks: 3 });
    const { rows: outbox } = await platform.db.query<{ index: number }>(
      "SELECT (event->'data'->>'chunkIndex')::int AS index FROM outbox WHERE event->'data'->>'batchId' = 'bat_ingest_order' ORDER BY id",
    );
    expect(outbox.map((r) => r.index)).toEqual([0, 1, 2]);
    const { rows: batch } = await platform.db.query<{ rows_received: number; chunks_total: number; status: string }>(
      "SELECT rows_received, chunks_total, status FROM batch WHERE id = 'bat_ingest_order'",
    );
    expect(batch[0]).toEqual({ rows_received: 25, chunks_total: 3, status: "processing" });
  });

  it("fails the file when a chunk's commit fails, and records no chunk after it", async () => {
    const transaction = platform.db.transaction.bind(platform.db);
    let calls = 0;
    platform.db.transaction = (async (fn: Parameters<typeof transaction>[0]) => {
      calls++;
      if (calls === 2) throw new Error("disk full");
      return transaction(fn);
    }) as typeof transaction;
    try {
      await expect(ingestFile(options("bat_ingest_fail", csvOf(45, "FAIL")))).rejects.toThrow("disk full");
    } finally {
      platform.db.transaction = transaction;
    }
    const { rows } = await platform.db.query<{ chunk_index: number }>("SELECT chunk_index FROM intake_chunk WHERE batch_id = 'bat_ingest_fail' ORDER BY chunk_index");
    expect(rows.map((r) => r.chunk_index)).toEqual([0]);
  });
});
