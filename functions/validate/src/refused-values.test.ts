import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LANDING_COLUMNS, toLandingRow } from "@casemix/claims";
import { createConfigStore, type ConfigStore } from "@casemix/config";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createValidateHandler } from "./handler.ts";

let platform: TestPlatform;
let config: ConfigStore;
beforeEach(async () => {
  platform = await createTestPlatform();
  config = createConfigStore({ db: platform.db, cache: platform.cache, indexTtlMs: 3_600_000 });
});
afterEach(() => platform.db.close());

// A hospital the register does not know: every claim of it is rejected, so validate writes its rows.
const UNKNOWN = "H99-0NE001";
const claim = (claimNumber: string) => ({
  hospitalCode: UNKNOWN, claimNumber, patientId: "P1", admissionDate: "2026-09-01", dischargeDate: "2026-09-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: [], procedures: [], totalCharges: "100.00",
});

async function receivedChunk(batchId: string, claimNumbers: string[]): Promise<CasemixEvent> {
  // The claim number is put back as given: intake's character rules now keep such a value out of the
  // landing chunk, and this is validate's own guard for a value that reaches it all the same.
  const l = writeChunk(LANDING_COLUMNS, claimNumbers.map((n, i) => ({ ...toLandingRow(i + 1, claim(n), [], "k"), claimNumber: n })));
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel, rows_received) VALUES ($1, $2, 'upload', $3)", [batchId, UNKNOWN, claimNumbers.length]);
  return { ...createEvent({
    type: EventTypes.claimsChunkReceived, from: "intake", causeId: batchId, time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId: `chk_${batchId.slice(4)}-00000`, chunkIndex: 0, hospitalCode: UNKNOWN, channel: "upload", objectKey: `landing/${batchId}/l.parquet`, sha256: l.sha256, rowCount: claimNumbers.length },
  }), specversion: "1.0" } as CasemixEvent;
}

describe("validate with a value the database refuses", () => {
  it("a rejected claim whose claim number has a NUL byte is rejected with E_VALUE_REFUSED and the rest of its chunk is recorded", async () => {
    const processor = createEventProcessor({ fn: createValidateHandler(platform, config), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const result = await processor.process(await receivedChunk("bat_a", ["C1", "C2\u0000X", "C3"]));
    expect(result.status).toBe(200);
    const { rows } = await platform.db.query<{ row_no: number; state: string; claim_number: string | null; errors: { code: string; field: string; message: string }[] }>(
      "SELECT row_no, state, claim_number, errors FROM claim_row WHERE batch_id = 'bat_a' ORDER BY row_no",
    );
    expect(rows.map((r) => [r.row_no, r.state, r.claim_number])).toEqual([[1, "rejected", "C1"], [2, "rejected", null], [3, "rejected", "C3"]]);
    expect(rows[0].errors.map((e) => e.code)).toEqual(["E_HOSPITAL_UNKNOWN"]);
    expect(rows[1].errors.map((e) => e.code)).toEqual(["E_VALUE_REFUSED", "E_HOSPITAL_UNKNOWN"]);
    expect(rows[1].errors[0].message).toMatch(/NUL.*SQLSTATE 22021/);
  });
});
