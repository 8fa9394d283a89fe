import type { ClaimError } from "./claim-errors.ts";

/**
 * The CSV form of a claim: one row per claim, a header naming the columns (any order). Lists are
 * joined with "|": `secondary_diagnoses`, `procedures`, and `procedure_dates` aligned with
 * `procedures` (empty where a date is unknown). Example: shared/claims/examples/batch.csv.
 */
export const CLAIM_CSV_COLUMNS = [
  "hospital_code",
  "claim_number",
  "patient_id",
  "admission_date",
  "discharge_date",
  "admission_type",
  "discharge_status",
  "sex",
  "date_of_birth",
  "birth_weight_grams",
  "principal_diagnosis",
  "secondary_diagnoses",
  "procedures",
  "procedure_dates",
  "department",
  "total_charges",
] as const;
export type ClaimCsvColumn = (typeof CLAIM_CSV_COLUMNS)[number];

/** Columns a file may leave out (their values are then empty). */
export const OPTIONAL_CSV_COLUMNS: readonly ClaimCsvColumn[] = ["birth_weight_grams", "secondary_diagnoses", "procedures", "procedure_dates", "department"];

/** Where each column sits in the file's header. */
export type CsvLayout = { index: Record<ClaimCsvColumn, number>; width: number };

export type FileError = { code: string; message: string };

/**
 * Reads the header row: names are trimmed and case-insensitive. A header that is one field holding
 * `;` or a tab is a file written with the wrong delimiter.
 */
export function readCsvHeader(fields: readonly string[]): { ok: true; layout: CsvLayout } | { ok: false; error: FileError } {
  const names = fields.map((f) => f.trim().toLowerCase());
  if (names.length === 1) {
    const delimiter = [";", "\t", "|"].find((d) => names[0].includes(d));
    if (delimiter) {
      const shown = delimiter === "\t" ? "tab" : `'${delimiter}'`;
      return { ok: false, error: { code: "E_CSV_DELIMITER", message: `the header is separated by ${shown}; claim files must use ',' as the delimiter` } };
    }
  }
  const seen = new Set<string>();
  const duplicate = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (duplicate.length > 0) return { ok: false, error: { code: "E_CSV_COLUMN_DUPLICATE", message: `column(s) appear twice: ${duplicate.join(", ")}` } };
  const known = new Set<string>(CLAIM_CSV_COLUMNS);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) return { ok: false, error: { code: "E_CSV_COLUMN_UNKNOWN", message: `unknown column(s): ${unknown.join(", ")}; expected ${CLAIM_CSV_COLUMNS.join(",")}` } };
  const missing = CLAIM_CSV_COLUMNS.filter((c) => !seen.has(c) && !OPTIONAL_CSV_COLUMNS.includes(c));
  if (missing.length > 0) return { ok: false, error: { code: "E_CSV_COLUMN_MISSING", message: `missing column(s): ${missing.join(", ")}` } };
  const index = Object.fromEntries(CLAIM_CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<ClaimCsvColumn, number>;
  return { ok: true, layout: { index, width: names.length } };
}

/**
 * Spaces around a value are layout; other whitespace is not trimmed here (String.trim would drop a
 * vertical tab or form feed), so the character rules see the same value a JSON claim would carry.
 */
const spaceTrim = (text: string): string => text.replace(/^ +| +$/g, "");
const list = (text: string): string[] => (spaceTrim(text) === "" ? [] : text.split("|").map(spaceTrim));

/**
 * Turns a CSV row into the JSON form of a claim, for the one claim schema to check. Empty cells
 * become absent fields; a row with the wrong number of fields is an error of its own.
 */
export function csvRowToClaimInput(fields: readonly string[], layout: CsvLayout): { input: Record<string, unknown>; errors: ClaimError[] } {
  const errors: ClaimError[] = [];
  if (fields.length !== layout.width) {
    errors.push({ code: "E_CSV_FIELD_COUNT", field: "(row)", message: `the row has ${fields.length} fields, the header has ${layout.width}` });
  }
  const get = (c: ClaimCsvColumn): string => {
    const i = layout.index[c];
    return i < 0 ? "" : (fields[i] ?? "");
  };
  const opt = (c: ClaimCsvColumn) => (spaceTrim(get(c)) === "" ? undefined : get(c));
  const weight = spaceTrim(get("birth_weight_grams"));
  const codes = list(get("procedures"));
  const dates = list(get("procedure_dates"));
  if (dates.length > 0 && dates.length !== codes.length) {
    errors.push({ code: "E_PROCEDURE_DATES_COUNT", field: "procedureDates", message: `procedure_dates has ${dates.length} entries but procedures has ${codes.length}; give one date (or an empty entry) per procedure` });
  }
  const input: Record<string, unknown> = {
    hospitalCode: opt("hospital_code"),
    claimNumber: opt("claim_number"),
    patientId: opt("patient_id"),
    admissionDate: opt("admission_date"),
    dischargeDate: opt("discharge_date"),
    admissionType: opt("admission_type"),
    dischargeStatus: opt("discharge_status"),
    sex: opt("sex"),
    dateOfBirth: opt("date_of_birth"),
    birthWeightGrams: weight === "" ? undefined : /^[0-9]{1,9}$/.test(weight) ? Number(weight) : weight,
    principalDiagnosis: opt("principal_diagnosis"),
    secondaryDiagnoses: list(get("secondary_diagnoses")),
    procedures: codes.map((code, i) => (dates[i] ? { code, date: dates[i] } : { code })),
    department: opt("department"),
    totalCharges: opt("total_charges"),
  };
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return { input, errors };
}

/** Quotes a value for a CSV file when it needs it (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
