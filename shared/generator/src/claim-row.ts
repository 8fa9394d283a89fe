import { CLAIM_CSV_COLUMNS, csvCell } from "@casemix/claims";

/**
 * A generated claim as the hospital writes it: every field as text (a bad claim may hold text the
 * schema refuses). The one place that maps a row to the CSV form of @casemix/claims (claim-csv.ts:
 * column names from CLAIM_CSV_COLUMNS, lists joined with "|", RFC 4180 quoting by its csvCell), so a
 * change of that form is a change here only.
 */
export type ClaimRow = {
  hospitalCode: string;
  claimNumber: string;
  patientId: string;
  admissionDate: string;
  dischargeDate: string;
  admissionType: string;
  dischargeStatus: string;
  sex: string;
  dateOfBirth: string;
  birthWeightGrams: string;
  principalDiagnosis: string;
  secondaryDiagnoses: readonly string[];
  procedures: readonly string[];
  procedureDates: readonly string[];
  department: string;
  totalCharges: string;
};

/** The header line of every generated file. */
export const CLAIM_CSV_HEADER = CLAIM_CSV_COLUMNS.join(",");

const cell = (s: string) => (s.includes(",") || s.includes('"') || s.includes("\n") || s.includes("\r") ? csvCell(s) : s);

/** The column order this file writes directly (the hot path); checked against CLAIM_CSV_COLUMNS below. */
const WRITTEN_ORDER = [
  "hospital_code", "claim_number", "patient_id", "admission_date", "discharge_date", "admission_type", "discharge_status", "sex",
  "date_of_birth", "birth_weight_grams", "principal_diagnosis", "secondary_diagnoses", "procedures", "procedure_dates", "department", "total_charges",
];
if (WRITTEN_ORDER.join(",") !== CLAIM_CSV_HEADER) {
  throw new Error(`@casemix/claims changed its CSV columns (${CLAIM_CSV_HEADER}); update shared/generator/src/claim-row.ts`);
}

/** One CSV line (no line end), columns in CLAIM_CSV_COLUMNS order. */
export function claimRowToCsv(r: ClaimRow): string {
  return `${cell(r.hospitalCode)},${cell(r.claimNumber)},${cell(r.patientId)},${cell(r.admissionDate)},${cell(r.dischargeDate)},${cell(r.admissionType)},${cell(r.dischargeStatus)},${cell(r.sex)},${cell(r.dateOfBirth)},${cell(r.birthWeightGrams)},${cell(r.principalDiagnosis)},${cell(r.secondaryDiagnoses.join("|"))},${cell(r.procedures.join("|"))},${cell(r.procedureDates.join("|"))},${cell(r.department)},${cell(r.totalCharges)}`;
}
