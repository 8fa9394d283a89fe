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

/** Turns a split CSV row into a claim, or an error naming the field. */
export function claimFromRow(row: string[], idx: Record<(typeof CLAIM_COLUMNS)[number], number>): Claim | ClaimRowError {
  const num = (field: (typeof CLAIM_COLUMNS)[number]): number | null | ClaimRowError => {
    const raw = (row[idx[field]] ?? "").trim();
    if (raw === "") return null;
    const n = Number(raw);
    return Number.isFinite(n) ? n : { code: "E_NOT_A_NUMBER", field, message: `${field} "${raw}" is not a number` };
  };
  const ageYears = num("age_years");
  const ageDays = num("age_days");
  const birthWeight = num("birth_weight_g");
  const los = num("los_days");
  for (const v of [ageYears, ageDays, birthWeight, los]) if (v !== null && typeof v === "object") return v;
  const str = (field: (typeof CLAIM_COLUMNS)[number]) => {
    const v = (row[idx[field]] ?? "").trim();
    return v === "" ? null : v;
  };
  const list = (field: (typeof CLAIM_COLUMNS)[number]) => {
    const v = (row[idx[field]] ?? "").trim();
    return v === "" ? [] : v.split("|").map((s) => s.trim());
  };
  return {
    caseId: str("case_id") ?? "",
    sex: str("sex"),
    ageYears: ageYears as number | null,
    ageDays: ageDays as number | null,
    birthWeight: birthWeight as number | null,
    los: los as number | null,
    dischargeStatus: str("discharge_status"),
    department: str("department"),
    principalDx: str("principal_dx"),
    secondaryDx: list("secondary_dx"),
    procedures: list("procedures"),
  };
}

/** True when `claimFromRow` returned an error. */
export function isRowError(v: Claim | ClaimRowError): v is ClaimRowError {
  return "code" in v && "message" in v && !("secondaryDx" in v);
}
