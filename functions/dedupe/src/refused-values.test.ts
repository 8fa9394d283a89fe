import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LANDING_COLUMNS, VALIDATED_COLUMNS, toLandingRow } from "@casemix/claims";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createDedupeHandler } from "./handler.ts";

let platform: TestPlatform;
beforeEach(async () => void (platform = await createTestPlatform()));
afterEach(() => platform.db.close());

const claim = (claimNumber: string, patientId = `P-${claimNumber}`) => ({
  hospitalCode: "H10-DEC915", claimNumber, patientId, admissionDate: "2026-03-01", dischargeDate: "2026-03-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: [], procedures: [], totalCharges: "100.00",
});

/** A validated chunk of `claims`, as validate leaves it (dedupe writes the valid rows). */
async function validatedChunk(batchId: string, claims: ReturnType<typeof claim>[]): Promise<CasemixEvent> {
  // The claim number is put back as given: intake's character rules now keep such a value out of the
  // landing chunk, and this is dedupe's own guard for a value that reaches it all the same.
  const landing = claims.map((c, i) => ({ ...toLandingRow(i + 1, c, [], "k"), claimNumber: c.claimNumber }));
  const l = writeChunk(LANDING_COLUMNS, landing);
  const v = writeChunk(VALIDATED_COLUMNS, landing.map((r) => ({ rowNo: r.rowNo, ageYears: 55, ageDays: 20000, lengthOfStay: 4, period: "2026-03" })));
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.store.putOnce(`validate/${batchId}/v.parquet`, v.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel) VALUES ($1, 'H10-DEC915', 'upload')", [batchId]);
  return { ...createEvent({
    type: EventTypes.claimsChunkValidated, from: "validate", causeId: batchId, time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId: `chk_${batchId.slice(4)}-00000`, chunkIndex: 0, hospitalCode: "H10-DEC915", objectKey: `validate/${batchId}/v.parquet`, sha256: v.sha256, rowCount: claims.length,
      landing: { objectKey: `landing/${batchId}/l.parquet`, sha256: l.sha256, rowCount: claims.length }, counts: { valid: claims.length, rejected: 0 } },
  }), specversion: "1.0" } as CasemixEvent;
}

describe("dedupe with a value the database refuses", () => {
  it("a valid claim whose claim number has a NUL byte is rejected with E_VALUE_REFUSED and the rest of its chunk goes on", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const numbers = ["C1", "C2", "C3\u0000X", "C4", "C5", "C6\u0000", "C7"];
    const result = await processor.process(await validatedChunk("bat_a", numbers.map((n) => claim(n))));
    expect(result.status).toBe(200);
    const data = result.reply?.data as { rowCount: number; counts: { unique: number } };
    expect(data.rowCount).toBe(5);
    const { rows } = await platform.db.query<{ row_no: number; state: string; errors: { code: string; message: string }[] | null }>(
      "SELECT row_no, state, errors FROM claim_row WHERE batch_id = 'bat_a' ORDER BY row_no",
    );
    expect(rows.map((r) => `${r.row_no}:${r.state}`)).toEqual(["1:validated", "2:validated", "3:rejected", "4:validated", "5:validated", "6:rejected", "7:validated"]);
    expect(rows[2].errors?.[0]).toMatchObject({ code: "E_VALUE_REFUSED", message: expect.stringMatching(/SQLSTATE 22021/) });
    expect((await platform.db.query("SELECT claim_id FROM claim")).rows).toHaveLength(5);
  });
});
