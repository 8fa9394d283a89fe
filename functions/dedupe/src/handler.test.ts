import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LANDING_COLUMNS, VALIDATED_COLUMNS, toLandingRow } from "@casemix/claims";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createDedupeHandler } from "./handler.ts";

let platform: TestPlatform;
beforeEach(async () => void (platform = await createTestPlatform()));
afterEach(() => platform.db.close());

const claim = (n: number, charges = "100.00") => ({
  hospitalCode: "H10-DEC915", claimNumber: `C${n}`, patientId: `P${n}`, admissionDate: "2026-03-01", dischargeDate: "2026-03-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: [], procedures: [], totalCharges: charges,
});

/** A validated chunk of `claims` in batch `batchId`, as validate would have left it. */
async function validatedChunk(batchId: string, claims: ReturnType<typeof claim>[], rowState = "validated"): Promise<CasemixEvent> {
  const chunkId = `chk_${batchId.slice(4)}-00000`;
  const landing = claims.map((c, i) => toLandingRow(i + 1, c, [], "k"));
  const l = writeChunk(LANDING_COLUMNS, landing);
  const v = writeChunk(VALIDATED_COLUMNS, landing.map((r) => ({ rowNo: r.rowNo, ageYears: 55, ageDays: 20000, lengthOfStay: 4, period: "2026-03" })));
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.store.putOnce(`validate/${batchId}/v.parquet`, v.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel) VALUES ($1, 'H10-DEC915', 'upload')", [batchId]);
  await platform.db.query(
    "INSERT INTO claim_row (batch_id, row_no, chunk_id, state) SELECT $1, n, $2, $4 FROM generate_series(1, $3::int) n",
    [batchId, chunkId, claims.length, rowState],
  );
  return { ...createEvent({
    type: EventTypes.claimsChunkValidated, from: "validate", causeId: batchId, time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId, chunkIndex: 0, hospitalCode: "H10-DEC915", objectKey: `validate/${batchId}/v.parquet`, sha256: v.sha256, rowCount: claims.length,
      landing: { objectKey: `landing/${batchId}/l.parquet`, sha256: l.sha256, rowCount: claims.length }, counts: { valid: claims.length, rejected: 0 } },
  }), specversion: "1.0" } as CasemixEvent;
}

const states = async (batchId: string) =>
  (await platform.db.query<{ state: string; version: number }>("SELECT state, version FROM claim_row WHERE batch_id = $1 ORDER BY row_no", [batchId])).rows.map((r) => `${r.state}@${r.version}`);

describe("dedupe handler", () => {
  it("two copies of a batch arriving at once give one winner and the other copy's claims are duplicates", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const a = await validatedChunk("bat_a", [claim(1), claim(2), claim(3)]);
    const b = await validatedChunk("bat_b", [claim(1), claim(2), claim(3)]);
    let results = await Promise.all([processor.process(a), processor.process(b)]);
    // The loser's write found the claims changed since it read them: retried (503), as the bus would.
    for (const [i, r] of results.entries()) if (r.status === 503) results[i] = await processor.process([a, b][i]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const both = [await states("bat_a"), await states("bat_b")].map((s) => s.join(","));
    expect(both.sort()).toEqual(["duplicate@1,duplicate@1,duplicate@1", "validated@1,validated@1,validated@1"]);
    expect((await platform.db.query("SELECT claim_id FROM claim")).rows).toHaveLength(3);
  });

  it("a corrected resubmission becomes version 2 and the first version is superseded, keeping its row", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    await processor.process(await validatedChunk("bat_a", [claim(1)]));
    const reply = await processor.process(await validatedChunk("bat_b", [claim(1, "250.00")]));
    expect((reply.reply?.data as { counts: unknown }).counts).toEqual({ unique: 1, duplicate: 0, superseded: 1 });
    expect(await states("bat_a")).toEqual(["superseded@1"]);
    expect(await states("bat_b")).toEqual(["validated@2"]);
    expect((await platform.db.query<{ current_version: number }>("SELECT current_version FROM claim")).rows[0].current_version).toBe(2);
  });

  it("a redelivered chunk changes nothing and gets the same reply", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const e = await validatedChunk("bat_a", [claim(1), claim(2)]);
    const first = await processor.process(e);
    const again = await processor.process(e);
    expect(again.reply).toEqual(first.reply);
    expect(await states("bat_a")).toEqual(["validated@1", "validated@1"]);
  });

  it("rows validate left received become validated with their dates and period, duplicates duplicate, in dedupe's one update", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    await processor.process(await validatedChunk("bat_a", [claim(1)], "received"));
    await processor.process(await validatedChunk("bat_b", [claim(1)], "received"));
    const { rows } = await platform.db.query<{ batch_id: string; state: string; admission_date: string; discharge_date: string; period: string }>(
      "SELECT batch_id, state, admission_date::text, discharge_date::text, period FROM claim_row ORDER BY batch_id",
    );
    expect(rows).toEqual([
      { batch_id: "bat_a", state: "validated", admission_date: "2026-03-01", discharge_date: "2026-03-05", period: "2026-03" },
      { batch_id: "bat_b", state: "duplicate", admission_date: "2026-03-01", discharge_date: "2026-03-05", period: "2026-03" },
    ]);
  });
});
