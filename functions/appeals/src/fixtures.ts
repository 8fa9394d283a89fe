import { contentHash, LANDING_COLUMNS, type LandingRow } from "@casemix/claims";
import { writeChunk } from "@casemix/parquet";
import type { Platform } from "@casemix/runtime";

export type SeededClaim = { claimId: string; batchId: string; hospitalCode: string; drg: string; totalSen: string; period: string };

/**
 * A claim as the pipeline leaves it, for tests of appeals without running the pipeline: batch, landing
 * chunk (object and record), claim row and claim (final, version 1), its grouping and current price.
 */
export async function seedFinalClaim(platform: Platform, o: { hospitalCode: string; claimNumber: string; n: number; period?: string }): Promise<SeededClaim> {
  const period = o.period ?? "2027-01";
  const batchId = `bat_seed${o.n}`;
  const chunkId = `chk_seed${o.n}-00000`;
  const claimId = `clm_seed${o.n}`;
  const row: LandingRow = {
    rowNo: 1, hospitalCode: o.hospitalCode, claimNumber: o.claimNumber, patientPseudo: "p".repeat(64), admissionDate: `${period}-02`, dischargeDate: `${period}-05`,
    admissionType: "emergency", dischargeStatus: "home", sex: "F", dateOfBirth: "1980-01-01", birthWeightGrams: null,
    principalDiagnosis: "J18.9", secondaryDiagnoses: "E11.9", procedures: "", procedureDates: "", department: null,
    totalChargesSen: 450_000, contentHash: "", intakeErrors: null,
  };
  row.contentHash = contentHash(row);
  const chunk = writeChunk(LANDING_COLUMNS, [row]);
  const objectKey = `landing/${batchId}/${chunkId}/evt_seed${o.n}.parquet`;
  await platform.store.putOnce(objectKey, chunk.bytes);
  const db = platform.db;
  await db.query(
    `INSERT INTO config_version (id, kind, label, effective_from, status, content, sha256, published_at)
     VALUES ('cfg_seeddef', 'definition', 'seed', '2020-01-01', 'published', '{}'::jsonb, 'x', now()) ON CONFLICT DO NOTHING`,
  );
  await db.query("INSERT INTO batch (id, hospital_code, channel, status, rows_received, chunks_total, chunks_done) VALUES ($1, $2, 'rest', 'completed', 1, 1, 1)", [batchId, o.hospitalCode]);
  await db.query("INSERT INTO intake_chunk (chunk_id, batch_id, chunk_index, object_key, sha256, row_count, event_id) VALUES ($1, $2, 0, $3, $4, 1, $5)", [chunkId, batchId, objectKey, chunk.sha256, `evt_seed${o.n}`]);
  await db.query(
    `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, claim_id, version, content_hash, period, state)
     VALUES ($1, 1, $2, $3, $4, $5, 1, $6, $7, 'final')`,
    [batchId, chunkId, o.hospitalCode, o.claimNumber, claimId, row.contentHash, period],
  );
  await db.query(
    `INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period)
     VALUES ($1, $2, $3, 1, $4, $5, 1, $6)`,
    [claimId, o.hospitalCode, o.claimNumber, row.contentHash, batchId, period],
  );
  await db.query(
    `INSERT INTO grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, status, reason)
     VALUES ($1, 1, 'cfg_seeddef', $2, 1, 'E', 'ES3', 'ES31', 'grouped', 'seed')`,
    [claimId, batchId],
  );
  await db.query("INSERT INTO price_current (claim_id, version, run_id, total_sen, period) VALUES ($1, 1, $2, 1234500, $3)", [claimId, `run_${batchId}`, period]);
  return { claimId, batchId, hospitalCode: o.hospitalCode, drg: "ES31", totalSen: "1234500", period };
}

/** The EICAR anti-virus test string, built from parts so this source file itself is no scanner's match. */
export const EICAR = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-", "TEST-FILE!$H+H*"].join("");

/** A small PDF (by its magic bytes) carrying `text`. */
export const pdfWith = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** The 8-byte PNG signature and an IHDR chunk: a PNG by its content, whatever it is called. */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
