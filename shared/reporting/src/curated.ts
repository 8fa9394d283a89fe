import { writeChunk, type ChunkSchema, type WrittenChunk } from "@casemix/parquet";

/**
 * Curated claims for analytics: one parquet file per (period, hospital, run) under Hive-style
 * partition folders, `curated/claims/period=YYYY-MM/hospital=CODE/part-<run>.parquet`, which DuckDB,
 * ClickHouse and Spark read as they are (`read_parquet('curated/claims/**\/*.parquet')` gives the
 * partition values as the columns `period` and `hospital`). The partition values are in the path
 * only, as the Hive layout expects, never repeated inside the file.
 */
export const CURATED_PREFIX = "curated/claims";

export const CURATED_SCHEMA: ChunkSchema = [
  { name: "claim_id", type: "string" },
  { name: "version", type: "int32" },
  { name: "mdc", type: "string" },
  { name: "drg", type: "string" },
  { name: "cost_weight", type: "decimal", precision: 9, scale: 4 },
  { name: "los", type: "int32" },
  /** Payment in ringgit with 2 places (written from integer sen). */
  { name: "payment", type: "decimal", precision: 18, scale: 2 },
  { name: "flagged", type: "boolean" },
  { name: "tariff_version_id", type: "string", nullable: true },
  { name: "run_id", type: "string", nullable: true },
];

/**
 * Version 2 of the curated claims, beside version 1 (a changed file format is a new version; hospitals
 * and analysts parse v1): v1's columns, unchanged, then what joins a row back to the claim without
 * the raw file: the hospital's claim number, the discharge date, and the patient's pseudonym (the
 * keyed hash intake makes; the identifier itself never leaves intake). `payment` stays ringgit with 2
 * places as in v1; the file's metadata states the unit (`casemix.payment.unit`).
 */
export const CURATED_V2_PREFIX = "curated/claims-v2";

export const CURATED_V2_SCHEMA: ChunkSchema = [
  ...CURATED_SCHEMA,
  { name: "claim_number", type: "string" },
  { name: "discharge_date", type: "date", nullable: true },
  { name: "patient_pseudo", type: "string", nullable: true },
];

/** One claim as the curated files hold it. */
export type CuratedClaim = {
  period: string;
  hospitalCode: string;
  claimId: string;
  version: number;
  mdc: string;
  drg: string;
  weight: string;
  los: number;
  paymentSen: number | bigint;
  flagged: boolean;
  tariffVersionId: string | null;
  runId: string | null;
  /** Version 2 only: the hospital's claim number, the discharge date (YYYY-MM-DD) and the patient's pseudonym. */
  claimNumber?: string;
  dischargeDate?: string;
  patientPseudo?: string | null;
};

/** The key of one partition file; `part` names the run (or "initial") that wrote it. */
export function curatedKey(period: string, hospitalCode: string, part: string, version: 1 | 2 = 1): string {
  return `${version === 2 ? CURATED_V2_PREFIX : CURATED_PREFIX}/period=${period}/hospital=${hospitalCode}/part-${part}.parquet`;
}

export type CuratedFile = WrittenChunk & { key: string; period: string; hospitalCode: string };

/**
 * Splits claims by (period, hospital) and writes one parquet file each, rows ordered by claim id so
 * the bytes are the same whenever the same claims are written (write-once keys stay consistent).
 */
export function writeCurated(claims: readonly CuratedClaim[], part: string, version: 1 | 2 = 1): CuratedFile[] {
  const groups = new Map<string, CuratedClaim[]>();
  for (const c of claims) {
    const k = `${c.period}\u0000${c.hospitalCode}`;
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.keys()].sort().map((k) => {
    const list = groups.get(k)!.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : a.version - b.version));
    const { period, hospitalCode } = list[0];
    const rows = list.map((c) => ({
      claim_id: c.claimId, version: c.version, mdc: c.mdc, drg: c.drg, cost_weight: c.weight, los: c.los,
      payment: typeof c.paymentSen === "bigint" ? c.paymentSen : BigInt(c.paymentSen), flagged: c.flagged,
      tariff_version_id: c.tariffVersionId, run_id: c.runId,
      ...(version === 2 ? { claim_number: c.claimNumber ?? "", discharge_date: c.dischargeDate || null, patient_pseudo: c.patientPseudo ?? null } : {}),
    }));
    const metadata = { "casemix.period": period, "casemix.hospital": hospitalCode, "casemix.part": part, ...(version === 2 ? { "casemix.format": "curated-claims v2", "casemix.payment.unit": "MYR (ringgit), 2 places" } : {}) };
    const written = writeChunk(version === 2 ? CURATED_V2_SCHEMA : CURATED_SCHEMA, rows, { metadata });
    return { ...written, key: curatedKey(period, hospitalCode, part, version), period, hospitalCode };
  });
}
