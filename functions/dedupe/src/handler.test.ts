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

/**
 * A validated chunk of `claims` in batch `batchId`, as validate would have left it (no claim rows:
 * dedupe writes the valid ones), or with `olderIntakeRows` as a batch in flight across the upgrade
 * left it (an older intake wrote every row as 'received').
 */
async function validatedChunk(batchId: string, claims: ReturnType<typeof claim>[], olderIntakeRows = false): Promise<CasemixEvent> {
  const chunkId = `chk_${batchId.slice(4)}-00000`;
  const landing = claims.map((c, i) => toLandingRow(i + 1, c, [], "k"));
  const l = writeChunk(LANDING_COLUMNS, landing);
  const v = writeChunk(VALIDATED_COLUMNS, landing.map((r) => ({ rowNo: r.rowNo, ageYears: 55, ageDays: 20000, lengthOfStay: 4, period: "2026-03" })));
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.store.putOnce(`validate/${batchId}/v.parquet`, v.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel) VALUES ($1, 'H10-DEC915', 'upload')", [batchId]);
  if (olderIntakeRows) {
    await platform.db.query(
      "INSERT INTO claim_row (batch_id, row_no, chunk_id, state) SELECT $1, n, $2, 'received' FROM generate_series(1, $3::int) n",
      [batchId, chunkId, claims.length],
    );
  }
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

  it("a correction of a claim already final or under review (a paid claim) makes that version superseded", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    await processor.process(await validatedChunk("bat_a", [claim(1), claim(2), claim(3)]));
    // As flag-outlier leaves a batch: settled, one claim held for review.
    await platform.db.query("UPDATE claim_row SET state = CASE row_no WHEN 2 THEN 'under_review' ELSE 'final' END WHERE batch_id = 'bat_a'");
    const reply = await processor.process(await validatedChunk("bat_b", [claim(1, "250.00"), claim(2, "260.00")]));
    expect((reply.reply?.data as { counts: unknown }).counts).toEqual({ unique: 2, duplicate: 0, superseded: 2 });
    expect(await states("bat_a")).toEqual(["superseded@1", "superseded@1", "final@1"]);
    expect(await states("bat_b")).toEqual(["validated@2", "validated@2"]);
  });

  it("a redelivered chunk changes nothing and gets the same reply", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const e = await validatedChunk("bat_a", [claim(1), claim(2)]);
    const first = await processor.process(e);
    const again = await processor.process(e);
    expect(again.reply).toEqual(first.reply);
    expect(await states("bat_a")).toEqual(["validated@1", "validated@1"]);
  });

  it("a landing chunk that does not match its event is refused (400), naming data.landing", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const e = await validatedChunk("bat_a", [claim(1), claim(2)]);
    const data = e.data as { landing: { rowCount: number } };
    const result = await processor.process({ ...e, data: { ...data, landing: { ...data.landing, rowCount: 3 } } });
    expect(result.status).toBe(400);
    expect(result.error).toMatchObject({ code: "E_CHUNK_ROW_COUNT", field: "data.landing" });
  });

  it("writes each valid row once, with its claim, dates, period and decision", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    await processor.process(await validatedChunk("bat_a", [claim(1)]));
    await processor.process(await validatedChunk("bat_b", [claim(1)]));
    const { rows } = await platform.db.query<{ batch_id: string; chunk_id: string; claim_number: string; state: string; admission_date: string; discharge_date: string; period: string; errors: { code: string }[] | null }>(
      "SELECT batch_id, chunk_id, claim_number, state, admission_date::text, discharge_date::text, period, errors FROM claim_row ORDER BY batch_id",
    );
    expect(rows).toMatchObject([
      { batch_id: "bat_a", chunk_id: "chk_a-00000", claim_number: "C1", state: "validated", admission_date: "2026-03-01", discharge_date: "2026-03-05", period: "2026-03", errors: null },
      { batch_id: "bat_b", chunk_id: "chk_b-00000", claim_number: "C1", state: "duplicate", admission_date: "2026-03-01", discharge_date: "2026-03-05", period: "2026-03", errors: [{ code: "E_DUPLICATE" }] },
    ]);
  });

  it("flags a probable duplicate (same patient and hospital, overlapping stay) with the smallest such claim id, in the table or the chunk", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const stay = (n: number, admissionDate: string, dischargeDate: string) => ({ ...claim(n), patientId: "P1", admissionDate, dischargeDate });
    await processor.process(await validatedChunk("bat_a", [stay(1, "2026-03-01", "2026-03-05"), stay(2, "2026-03-02", "2026-03-04")]));
    await processor.process(await validatedChunk("bat_b", [stay(3, "2026-03-03", "2026-03-08"), stay(4, "2026-03-05", "2026-03-06"), stay(5, "2026-04-01", "2026-04-02")]));
    const { rows } = await platform.db.query<{ claim_number: string; claim_id: string; flags: { code: string; claimId: string }[] | null }>(
      "SELECT claim_number, claim_id, flags FROM claim_row ORDER BY claim_number",
    );
    const id = Object.fromEntries(rows.map((r) => [r.claim_number, r.claim_id]));
    const flagged = Object.fromEntries(rows.map((r) => [r.claim_number, r.flags?.map((f) => `${f.code}:${f.claimId}`) ?? []]));
    // C3 overlaps C1 and C2 (in the table): the smaller id; C4 overlaps neither (it starts on C1's discharge
    // day), only C3, earlier in its chunk; C5 is another month.
    const smaller = [id.C1, id.C2].sort()[0];
    expect(flagged).toEqual({
      C1: [], C2: [`W_PROBABLE_DUPLICATE:${id.C1}`], C3: [`W_PROBABLE_DUPLICATE:${smaller}`], C4: [`W_PROBABLE_DUPLICATE:${id.C3}`], C5: [],
    });
  });

  it("completes rows an older intake wrote as received (a batch in flight across the upgrade)", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    await processor.process(await validatedChunk("bat_a", [claim(1)], true));
    await processor.process(await validatedChunk("bat_b", [claim(1)], true));
    const { rows } = await platform.db.query<{ batch_id: string; state: string; version: number; period: string }>("SELECT batch_id, state, version, period FROM claim_row ORDER BY batch_id");
    expect(rows).toEqual([
      { batch_id: "bat_a", state: "validated", version: 1, period: "2026-03" },
      { batch_id: "bat_b", state: "duplicate", version: 1, period: "2026-03" },
    ]);
  });

  it("a claim another chunk inserted after this one read the claim table is a race: retried, then a duplicate", async () => {
    const processor = createEventProcessor({ fn: createDedupeHandler(platform), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const a = await validatedChunk("bat_a", [claim(1)]);
    const b = await validatedChunk("bat_b", [claim(1)]);
    // b's claim arrives in the claim table between a's read and a's write (as a concurrent chunk would).
    const query = platform.db.query.bind(platform.db);
    let injected = false;
    platform.db.query = (async (sql: string, params?: unknown[]) => {
      const result = await query(sql, params);
      if (!injected && sql.startsWith("SELECT claim_id, current_version")) {
        injected = true;
        expect((await processor.process(b)).status).toBe(200);
      }
      return result;
    }) as typeof platform.db.query;
    const raced = await processor.process(a);
    platform.db.query = query;
    expect(raced.status).toBe(503);
    expect(raced.error?.code).toBe("E_DEDUPE_RACE");
    expect((await processor.process(a)).status).toBe(200);
    expect([...(await states("bat_a")), ...(await states("bat_b"))]).toEqual(["duplicate@1", "validated@1"]);
  });
});
