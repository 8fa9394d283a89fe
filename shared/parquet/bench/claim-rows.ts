import type { ChunkRow, ChunkSchema } from "../src/index.ts";

/** A claim-like chunk schema: the columns intake writes to landing/ (ids, dates, codes, money). */
export const claimSchema: ChunkSchema = [
  { name: "claim_id", type: "string" },
  { name: "hospital", type: "string" },
  { name: "episode_no", type: "string" },
  { name: "patient_key", type: "string" },
  { name: "sex", type: "string" },
  { name: "birth_date", type: "date" },
  { name: "admission_date", type: "date" },
  { name: "discharge_date", type: "date" },
  { name: "age_years", type: "int32" },
  { name: "los_days", type: "int32" },
  { name: "discharge_status", type: "string" },
  { name: "principal_dx", type: "string" },
  { name: "secondary_dx", type: "list<string>" },
  { name: "procedures", type: "list<string>" },
  { name: "total_charge", type: "decimal", precision: 14, scale: 2 },
  { name: "newborn_weight_g", type: "int32", nullable: true },
  { name: "is_transfer", type: "boolean" },
  { name: "row_no", type: "int64" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** Deterministic claim rows `start .. start+count-1`; total_charge as integer sen. */
export function claimRows(start: number, count: number): ChunkRow[] {
  const rows: ChunkRow[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const i = start + k;
    const month = 1 + (i % 12);
    const day = 1 + (i % 20);
    const los = i % 8;
    rows[k] = {
      claim_id: `clm_${i.toString(36).padStart(9, "0")}`,
      hospital: `MOH${String(i % 151).padStart(4, "0")}`,
      episode_no: `EP${i}`,
      patient_key: ((i * 2654435761) >>> 0).toString(16).padStart(8, "0").repeat(8),
      sex: i % 2 ? "M" : "F",
      birth_date: `${1940 + (i % 80)}-${pad(month)}-${pad(day)}`,
      admission_date: `2026-${pad(month)}-${pad(day)}`,
      discharge_date: `2026-${pad(month)}-${pad(day + los)}`,
      age_years: 86 - (i % 80),
      los_days: los,
      discharge_status: i % 17 ? "home" : "transfer",
      principal_dx: `I${20 + (i % 60)}.${i % 10}`,
      secondary_dx: Array.from({ length: i % 6 }, (_, j) => `E${10 + j}.${(i + j) % 10}`),
      procedures: Array.from({ length: i % 3 }, (_, j) => `36.0${(i + j) % 10}`),
      total_charge: 150_000 + ((i * 7919) % 9_000_000),
      newborn_weight_g: i % 40 === 0 ? 2500 + (i % 1500) : null,
      is_transfer: i % 17 === 0,
      row_no: BigInt(i),
    };
  }
  return rows;
}
