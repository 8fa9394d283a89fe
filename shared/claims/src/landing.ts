import { createHash, createHmac } from "node:crypto";
import type { ClaimError } from "./claim-errors.ts";
import type { ClaimSubmission } from "./claim-schema.ts";
import type { LandingRow } from "./chunk-rows.ts";
import { ringgitToSen } from "./derive.ts";
import { printable, storableText } from "./text-rules.ts";

/**
 * The parquet columns of a landing chunk (`landing/<batch>/<chunk>/<event-id>.parquet`), one per
 * field of {@link LandingRow}. Dates and codes stay text: a row that failed the claim schema keeps
 * what the hospital sent so the rejection can quote it.
 */
export const LANDING_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "hospitalCode", type: "string" },
  { name: "claimNumber", type: "string" },
  { name: "patientPseudo", type: "string" },
  { name: "admissionDate", type: "string" },
  { name: "dischargeDate", type: "string" },
  { name: "admissionType", type: "string" },
  { name: "dischargeStatus", type: "string" },
  { name: "sex", type: "string" },
  { name: "dateOfBirth", type: "string" },
  { name: "birthWeightGrams", type: "int32", nullable: true },
  { name: "principalDiagnosis", type: "string" },
  { name: "secondaryDiagnoses", type: "string" },
  { name: "procedures", type: "string" },
  { name: "procedureDates", type: "string" },
  { name: "department", type: "string", nullable: true },
  { name: "totalChargesSen", type: "int64" },
  { name: "contentHash", type: "string" },
  { name: "intakeErrors", type: "string", nullable: true },
] as const;

/**
 * Pseudonymises a patient identifier with HMAC-SHA256 under the intake key: the same patient gets
 * the same pseudonym (so duplicates and readmissions are found) but it cannot be reversed or
 * recomputed without the key (DESIGN.md: PDPA). Identifiers are trimmed and upper-cased first so
 * `880101-14-5566` and ` 880101-14-5566` match.
 */
export function pseudonymise(key: string, patientId: string): string {
  return createHmac("sha256", key).update(patientId.trim().toUpperCase()).digest("hex");
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
/**
 * A value as stored: a rejected claim keeps what the hospital sent so its rejection can quote it,
 * except text that breaks a character rule (it is named in the claim's errors instead): PostgreSQL
 * refuses NUL and lone surrogates, and a refused row once stranded its whole chunk (issue 16).
 */
const str = (v: unknown): string => {
  const s = text(v);
  return storableText(s) ? s : "";
};

/** Errors as stored: field names and messages printable, whatever the input held. */
const storedErrors = (errors: readonly ClaimError[]): string =>
  JSON.stringify(errors.map((e) => ({ code: printable(e.code, 64), field: printable(e.field, 200), message: printable(e.message, 500) })));

/**
 * A landing row from a parsed claim, or from the raw input of one that failed (with its errors).
 * The patient identifier is replaced by its pseudonym here, before the row leaves intake.
 */
export function toLandingRow(rowNo: number, input: Record<string, unknown> | ClaimSubmission, errors: readonly ClaimError[], key: string): LandingRow {
  const i = input as Record<string, unknown>;
  const procs = Array.isArray(i.procedures) ? (i.procedures as unknown[]) : [];
  const code = (p: unknown) => (typeof p === "object" && p !== null ? str((p as { code?: unknown }).code) : str(p));
  const date = (p: unknown) => (typeof p === "object" && p !== null ? str((p as { date?: unknown }).date) : "");
  const charges = str(i.totalCharges);
  const ok = errors.length === 0;
  const row: LandingRow = {
    rowNo,
    hospitalCode: str(i.hospitalCode),
    claimNumber: str(i.claimNumber),
    patientPseudo: text(i.patientId) === "" ? "" : pseudonymise(key, text(i.patientId)),
    admissionDate: str(i.admissionDate),
    dischargeDate: str(i.dischargeDate),
    admissionType: str(i.admissionType),
    dischargeStatus: str(i.dischargeStatus),
    sex: str(i.sex),
    dateOfBirth: str(i.dateOfBirth),
    birthWeightGrams: typeof i.birthWeightGrams === "number" && Number.isInteger(i.birthWeightGrams) && Math.abs(i.birthWeightGrams) < 2 ** 31 ? i.birthWeightGrams : null,
    principalDiagnosis: str(i.principalDiagnosis),
    secondaryDiagnoses: Array.isArray(i.secondaryDiagnoses) ? i.secondaryDiagnoses.map(str).join("|") : "",
    procedures: procs.map(code).join("|"),
    procedureDates: procs.map(date).join("|"),
    department: i.department === undefined || i.department === "" ? null : str(i.department),
    totalChargesSen: ok ? ringgitToSen(charges.trim()) : 0,
    contentHash: "",
    intakeErrors: ok ? null : storedErrors(errors),
  };
  row.contentHash = contentHash(row);
  return row;
}

/** sha256 of everything the hospital said about the claim (not its position in the file). */
export function contentHash(row: LandingRow): string {
  const parts = [
    row.hospitalCode, row.claimNumber, row.patientPseudo, row.admissionDate, row.dischargeDate, row.admissionType,
    row.dischargeStatus, row.sex, row.dateOfBirth, String(row.birthWeightGrams ?? ""), row.principalDiagnosis,
    row.secondaryDiagnoses, row.procedures, row.procedureDates, row.department ?? "", String(row.totalChargesSen),
  ];
  return createHash("sha256").update(parts.join("\u001f")).digest("hex");
}

/** A landing row as read back from parquet (int64 columns come back as bigint). */
export function landingRowFromParquet(r: Record<string, unknown>): LandingRow {
  return { ...(r as LandingRow), totalChargesSen: Number(r.totalChargesSen as bigint | number) };
}
