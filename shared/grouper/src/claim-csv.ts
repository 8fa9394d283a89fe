import type { Claim } from "./types.ts";

/**
 * The claim CSV layout of the conformance files (`conformance/cases.csv`):
 * case_id,sex,age_years,age_days,birth_weight_g,los_days,discharge_status,department,principal_dx,
 * secondary_dx,procedures — lists `|`-separated, extra columns ignored.
 */
export const CLAIM_COLUMNS = [
  "case_id",
  "sex",
  "age_years",
  "age_days",
  "birth_weight_g",
  "los_days",
  "discharge_status",
  "department",
  "principal_dx",
  "secondary_dx",
  "procedures",
] as const;

/** Splits one CSV line (RFC 4180 quoting: `"a,b"` and `""` inside quotes). */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(",");
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = line.length;
          break;
        }
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      const comma = line.indexOf(",", j);
      if (comma < 0) break;
      i = comma + 1;
    } else {
      const comma = line.indexOf(",", i);
      if (comma < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
  return out;
}

/** Quotes a CSV field when it needs it. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export type ClaimRowError = { code: string; field: string; message: string };

/** Column positions of a header line; throws a coded error when a required column is absent. */
export function claimColumnIndex(header: string[]): Record<(typeof CLAIM_COLUMNS)[number], number> {
  const idx = {} as Record<(typeof CLAIM_COLUMNS)[number], number>;
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ""));
  for (const c of CLAIM_COLUMNS) {
    const i = names.indexOf(c);
    if (i < 0) throw Object.assign(new Error(`claims CSV has no column "${c}"`), { code: "E_CSV_COLUMN_MISSING", field: c });
    idx[c] = i;
  }
  return idx;
}

type ColumnIndex = Record<(typeof CLAIM_COLUMNS)[number], number>;

function cell(row: string[], i: number): string {
  const v = row[i];
  return v === undefined ? "" : v.trim();
}

/** The number in a cell; null when empty; NaN when not a number. */
function numberCell(raw: string): number | null {
  if (raw === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : Number.NaN;
}

function listCell(raw: string): string[] {
  if (raw === "") return [];
  const parts = raw.split("|");
  for (let i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
  return parts;
}

/** Turns a split CSV row into a claim, or an error naming the field. Written for the bulk path: no closures. */
export function claimFromRow(row: string[], idx: ColumnIndex): Claim | ClaimRowError {
  const ageYears = numberCell(cell(row, idx.age_years));
  const ageDays = numberCell(cell(row, idx.age_days));
  const birthWeight = numberCell(cell(row, idx.birth_weight_g));
  const los = numberCell(cell(row, idx.los_days));
  if (Number.isNaN(ageYears)) return notANumber("age_years", row, idx);
  if (Number.isNaN(ageDays)) return notANumber("age_days", row, idx);
  if (Number.isNaN(birthWeight)) return notANumber("birth_weight_g", row, idx);
  if (Number.isNaN(los)) return notANumber("los_days", row, idx);
  return {
    caseId: cell(row, idx.case_id),
    sex: cell(row, idx.sex) || null,
    ageYears,
    ageDays,
    birthWeight,
    los,
    dischargeStatus: cell(row, idx.discharge_status) || null,
    department: cell(row, idx.department) || null,
    principalDx: cell(row, idx.principal_dx) || null,
    secondaryDx: listCell(cell(row, idx.secondary_dx)),
    procedures: listCell(cell(row, idx.procedures)),
  };
}

function notANumber(field: (typeof CLAIM_COLUMNS)[number], row: string[], idx: ColumnIndex): ClaimRowError {
  return { code: "E_NOT_A_NUMBER", field, message: `${field} "${cell(row, idx[field])}" is not a number` };
}

/** True when `claimFromRow` returned an error. */
export function isRowError(v: Claim | ClaimRowError): v is ClaimRowError {
  return "code" in v && "message" in v && !("secondaryDx" in v);
}
