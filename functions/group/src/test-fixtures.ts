import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contentHash, DEDUPED_COLUMNS, LANDING_COLUMNS, type LandingRow } from "@casemix/claims";
import { createConfigStore, createMemoryConfigCache, type ConfigStore } from "@casemix/config";
import { createTestPglite, type TestDb } from "@casemix/db";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { createFolderStore, type ObjectStore } from "@casemix/storage";

/** A test world for group: a migrated PGlite, a folder store and a config store (demo seeded on use). */
export async function createGroupTestWorld(): Promise<{ db: TestDb; store: ObjectStore; config: ConfigStore; close(): Promise<void> }> {
  const db = await createTestPglite();
  const store = createFolderStore({ root: await mkdtemp(join(tmpdir(), "casemix-group-")) });
  const config = createConfigStore({ db, cache: createMemoryConfigCache() });
  return { db, store, config, close: () => db.close() };
}

export type FixtureClaim = Partial<LandingRow> & { claimNumber: string; principalDiagnosis: string };

/** A landing row with plausible defaults (a 70-year-old man, four days, discharged home). */
export function landingRow(rowNo: number, c: FixtureClaim): LandingRow {
  const row: LandingRow = {
    rowNo, hospitalCode: "HKL", patientPseudo: `p${rowNo}`, admissionDate: "2027-01-10", dischargeDate: "2027-01-14", admissionType: "1",
    dischargeStatus: "1", sex: "M", dateOfBirth: "1956-06-01", birthWeightGrams: null, secondaryDiagnoses: "", procedures: "", procedureDates: "",
    department: null, totalChargesSen: 500000, contentHash: "", intakeErrors: null, ...c,
  };
  row.contentHash = contentHash(row);
  return row;
}

/**
 * Writes the landing and dedupe chunks of a batch, records its batch, claim rows and claims as dedupe
 * leaves them (state validated), and returns the `claims.chunk.deduplicated` event naming them.
 */
export async function dedupedChunk(db: TestDb, store: ObjectStore, batchId: string, claims: FixtureClaim[]): Promise<CasemixEvent> {
  const chunkId = `chk_${batchId.slice(4)}-0`;
  const landing = claims.map((c, i) => landingRow(i + 1, c));
  const l = writeChunk(LANDING_COLUMNS, landing);
  const deduped = landing.map((r) => ({ rowNo: r.rowNo, claimId: `clm_${batchId.slice(4)}-${r.rowNo}`, version: 1, probableDuplicateOf: null }));
  const d = writeChunk(DEDUPED_COLUMNS, deduped);
  const landingKey = `landing/${batchId}/${chunkId}/evt_in.parquet`;
  const dedupeKey = `dedupe/${batchId}/${chunkId}/evt_v.parquet`;
  await store.put(landingKey, l.bytes);
  await store.put(dedupeKey, d.bytes);
  await db.query("insert into batch (id, hospital_code, channel) values ($1, 'HKL', 'rest')", [batchId]);
  for (const r of landing) {
    const claimId = `clm_${batchId.slice(4)}-${r.rowNo}`;
    await db.query(
      `insert into claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, claim_id, version, state) values ($1, $2, $3, 'HKL', $4, $5, 1, 'validated')`,
      [batchId, r.rowNo, chunkId, r.claimNumber, claimId],
    );
    await db.query(
      `insert into claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, discharge_date)
       values ($1, 'HKL', $2, 1, $3, $4, $5, $6)`,
      [claimId, r.claimNumber, r.contentHash, batchId, r.rowNo, r.dischargeDate],
    );
  }
  return createEvent({
    type: EventTypes.claimsChunkDeduplicated, from: "dedupe", causeId: `${batchId}-in`,
    data: {
      batchId, chunkId, chunkIndex: 0, chunkCount: 1, hospitalCode: "HKL", objectKey: dedupeKey, sha256: d.sha256, rowCount: d.rowCount,
      landing: { objectKey: landingKey, sha256: l.sha256, rowCount: l.rowCount },
      counts: { unique: deduped.length, duplicate: 0, superseded: 0 },
    },
  }) as CasemixEvent;
}
