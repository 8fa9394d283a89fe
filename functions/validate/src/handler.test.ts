import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LANDING_COLUMNS, toLandingRow } from "@casemix/claims";
import { createConfigStore, createDraft, publishedEvent, publishVersion, registerDraft, type ConfigStore } from "@casemix/config";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createValidateHandler } from "./handler.ts";

let platform: TestPlatform;
let config: ConfigStore;
beforeEach(async () => {
  platform = await createTestPlatform();
  // A long index TTL: only config.published can make validate see a new version within the test.
  config = createConfigStore({ db: platform.db, cache: platform.cache, indexTtlMs: 3_600_000 });
});
afterEach(() => platform.db.close());

const NEW_HOSPITAL = "H99-0NE001";
const claim = (hospitalCode: string) => ({
  hospitalCode, claimNumber: "C1", patientId: "P1", admissionDate: "2026-09-01", dischargeDate: "2026-09-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: [], procedures: [], totalCharges: "100.00",
});

/** A landing chunk of one claim of `hospitalCode`, as intake writes it, arriving on 2026-11-28. */
async function receivedChunk(batchId: string, hospitalCode: string): Promise<CasemixEvent> {
  const l = writeChunk(LANDING_COLUMNS, [toLandingRow(1, claim(hospitalCode), [], "k")]);
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel, rows_received) VALUES ($1, $2, 'upload', 1)", [batchId, hospitalCode]);
  return { ...createEvent({
    type: EventTypes.claimsChunkReceived, from: "intake", causeId: batchId, time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId: `chk_${batchId.slice(4)}-00000`, chunkIndex: 0, hospitalCode, channel: "upload", objectKey: `landing/${batchId}/l.parquet`, sha256: l.sha256, rowCount: 1 },
  }), specversion: "1.0" } as CasemixEvent;
}

const counts = (reply: { reply?: { data?: unknown } }) => (reply.reply?.data as { counts: unknown }).counts;

describe("validate handler", () => {
  it("a newly published hospital register makes a hospital valid that the register in force did not know", async () => {
    const processor = createEventProcessor({ fn: createValidateHandler(platform, config), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const before = await processor.process(await receivedChunk("bat_a", NEW_HOSPITAL));
    expect(counts(before)).toEqual({ valid: 0, rejected: 1 });
    const { rows: rejected } = await platform.db.query<{ state: string; claim_number: string; errors: { code: string }[] }>("SELECT state, claim_number, errors FROM claim_row WHERE batch_id = 'bat_a'");
    expect(rejected).toMatchObject([{ state: "rejected", claim_number: "C1", errors: [{ code: "E_HOSPITAL_UNKNOWN" }] }]);

    const current = (await config.hospitalsFor("2026-11-28")).register;
    const hospital = { code: NEW_HOSPITAL, name: "Hospital Baharu", hospitalClass: current.hospitals[0].hospitalClass, region: "Selangor", effectiveFrom: "2026-01-01", effectiveTo: null };
    const register = { ...current, version: current.version + 1, effectiveFrom: "2026-11-01", hospitals: [...current.hospitals, hospital] };
    const version = await publishVersion(platform.db, (await createDraft(platform.db, registerDraft(register))).id);
    expect((await processor.process(publishedEvent(version) as CasemixEvent)).status).toBe(202); // acknowledged, no reply

    const after = await processor.process(await receivedChunk("bat_b", NEW_HOSPITAL));
    expect(counts(after)).toEqual({ valid: 1, rejected: 0 });
    expect((after.reply?.data as { versions: { hospitals: string } }).versions.hospitals).toBe(version.id);
  });

  it("records the configuration versions in force with the validated chunk", async () => {
    const processor = createEventProcessor({ fn: createValidateHandler(platform, config), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
    const reply = await processor.process(await receivedChunk("bat_a", "H10-DEC915"));
    expect(counts(reply)).toEqual({ valid: 1, rejected: 0 });
    const versions = (reply.reply?.data as { versions: { definition: string; hospitals: string } }).versions;
    expect(versions).toEqual({ definition: (await config.definitionFor("2026-11-28")).version.id, hospitals: (await config.hospitalsFor("2026-11-28")).version.id });
  });
});
