import { LANDING_COLUMNS, type LandingRow } from "@casemix/claims";
import { createConfigStore, type ConfigStore } from "@casemix/config";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type EventProcessor, type TestPlatform } from "@casemix/runtime";
import { createValidateHandler } from "./handler.ts";

/** A test platform, its config store and validate behind the runtime's event processor. */
export async function createValidateTestWorld(): Promise<{ platform: TestPlatform; config: ConfigStore; processor: EventProcessor }> {
  const platform = await createTestPlatform();
  // A long index TTL: only config.published can make validate see a new version within a test.
  const config = createConfigStore({ db: platform.db, cache: platform.cache, indexTtlMs: 3_600_000 });
  const processor = createEventProcessor({ fn: createValidateHandler(platform, config), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
  return { platform, config, processor };
}

/** A claim as submitted, of `hospitalCode`: a man of 56, four days in September 2026. */
export const submittedClaim = (hospitalCode: string, claimNumber = "C1") => ({
  hospitalCode, claimNumber, patientId: "P1", admissionDate: "2026-09-01", dischargeDate: "2026-09-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: [], procedures: [], totalCharges: "100.00",
});

/** A landing chunk of `rows` of `hospitalCode` as intake writes it (and its batch), arriving on 2026-11-28. */
export async function receivedChunk(platform: TestPlatform, batchId: string, hospitalCode: string, rows: LandingRow[]): Promise<CasemixEvent> {
  const l = writeChunk(LANDING_COLUMNS, rows);
  await platform.store.putOnce(`landing/${batchId}/l.parquet`, l.bytes);
  await platform.db.query("INSERT INTO batch (id, hospital_code, channel, rows_received) VALUES ($1, $2, 'upload', $3)", [batchId, hospitalCode, rows.length]);
  return { ...createEvent({
    type: EventTypes.claimsChunkReceived, from: "intake", causeId: batchId, time: "2026-11-28T00:00:00Z",
    data: { batchId, chunkId: `chk_${batchId.slice(4)}-00000`, chunkIndex: 0, hospitalCode, channel: "upload", objectKey: `landing/${batchId}/l.parquet`, sha256: l.sha256, rowCount: rows.length },
  }), specversion: "1.0" } as CasemixEvent;
}
