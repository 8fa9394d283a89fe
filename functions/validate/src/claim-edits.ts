import { ageInDays, ageInYears, lengthOfStay, periodOf, PERSONAL_FIELDS, type ClaimError, type LandingRow, type ValidatedRow } from "@casemix/claims";
import { listEdits, type Claim, type CompiledDefinition, type EditFailure } from "@casemix/grouper";

/** A hospital as the register says, reduced to what validate checks. */
export type RegisterEntry = { effectiveFrom: string; effectiveTo: string | null };

/** What the edits read: the definition and register in force, and the day the chunk arrived (KL time). */
export type EditContext = {
  definition: CompiledDefinition;
  hospitals: ReadonlyMap<string, readonly RegisterEntry[]>;
  /** `YYYY-MM-DD`: dates after it are in the future. Taken from the event, so a redelivery edits alike. */
  today: string;
};

export type EditOutcome = { ok: true; row: ValidatedRow } | { ok: false; errors: ClaimError[] };

const split = (s: string): string[] => (s === "" ? [] : s.split("|"));
const GROUPER_FIELD: Record<EditFailure["field"], string> = { principalDx: "principalDiagnosis", secondaryDx: "secondaryDiagnoses", procedures: "procedures" };

/** The field a definition check is about, from its reason code (checks are data; fields are a guess with a fallback). */
function checkField(reason: string): string {
  if (reason.includes("PDX")) return "principalDiagnosis";
  if (reason.includes("SEX")) return "sex";
  if (reason.includes("WEIGHT")) return "birthWeightGrams";
  if (reason.includes("AGE")) return "dateOfBirth";
  return "(claim)";
}

/**
 * Every edit of one claim, pure: the structure problems intake found, dates and their order, the
 * hospital register, newborn rules, repeated codes, and the definition's code validity, clinical
 * edits (sex, age) and input checks, all as data of the definition in force (a definition with no
 * edits has none). Returns every reason, or the facts later steps need.
 */
export function editClaim(row: LandingRow, ctx: EditContext): EditOutcome {
  const errors: ClaimError[] = row.intakeErrors ? (JSON.parse(row.intakeErrors) as ClaimError[]) : [];
  hospitalEdits(row, ctx, errors);
  if (row.intakeErrors) return { ok: false, errors };
  const los = lengthOfStay(row.admissionDate, row.dischargeDate);
  const ageYears = ageInYears(row.dateOfBirth, row.admissionDate);
  const ageDays = ageInDays(row.dateOfBirth, row.admissionDate);
  dateEdits(row, ctx.today, los, ageDays, errors);
  if (ageYears > 125) errors.push({ code: "E_AGE_IMPLAUSIBLE", field: "dateOfBirth", message: `the patient would be ${ageYears} years old at admission; check the date of birth` });
  if (row.admissionType === "newborn" && ageDays > 28) {
    errors.push({ code: "E_NEWBORN_AGE", field: "admissionType", message: `a newborn admission needs a baby at most 28 days old; this patient is ${ageDays} days old` });
  }
  if (row.birthWeightGrams !== null && ageDays > 365) {
    errors.push({ code: "E_BIRTH_WEIGHT_NOT_NEWBORN", field: "birthWeightGrams", message: "a birth weight is given for a patient older than one year; leave it empty" });
  }
  const secondaries = split(row.secondaryDiagnoses);
  codeRepeats(row.principalDiagnosis, secondaries, errors);
  const claim: Claim = {
    sex: row.sex === "U" ? null : row.sex,
    ageYears: ageDays >= 0 ? ageYears : null,
    ageDays: ageDays >= 0 ? ageDays : null,
    birthWeight: row.birthWeightGrams,
    los: los >= 0 ? los : null,
    dischargeStatus: row.dischargeStatus,
    department: row.department,
    principalDx: row.principalDiagnosis,
    secondaryDx: secondaries,
    procedures: split(row.procedures),
  };
  definitionEdits(claim, ctx.definition, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, row: { rowNo: row.rowNo, ageYears, ageDays, lengthOfStay: los, period: periodOf(row.dischargeDate) } };
}

function hospitalEdits(row: LandingRow, ctx: EditContext, errors: ClaimError[]): void {
  if (row.hospitalCode === "" || errors.some((e) => e.field === "hospitalCode")) return;
  const entries = ctx.hospitals.get(row.hospitalCode);
  if (!entries) {
    errors.push({ code: "E_HOSPITAL_UNKNOWN", field: "hospitalCode", message: `hospital ${row.hospitalCode} is not in the hospital register` });
    return;
  }
  const on = /^\d{4}-\d{2}-\d{2}$/.test(row.dischargeDate) ? row.dischargeDate : ctx.today;
  if (!entries.some((h) => h.effectiveFrom <= on && (h.effectiveTo === null || on <= h.effectiveTo))) {
    errors.push({ code: "E_HOSPITAL_NOT_IN_FORCE", field: "hospitalCode", message: `hospital ${row.hospitalCode} is not in the register on ${on}` });
  }
}

function dateEdits(row: LandingRow, today: string, los: number, ageDays: number, errors: ClaimError[]): void {
  if (los < 0) errors.push({ code: "E_DATES_ORDER", field: "dischargeDate", message: `the discharge date ${row.dischargeDate} is before the admission date ${row.admissionDate}` });
  // The date of birth is personal data (PERSONAL_FIELDS): named, never quoted.
  if (ageDays < 0) errors.push({ code: "E_BIRTH_AFTER_ADMISSION", field: "dateOfBirth", message: `the date of birth is after the admission date ${row.admissionDate}` });
  for (const field of ["admissionDate", "dischargeDate", "dateOfBirth"] as const) {
    const shown = PERSONAL_FIELDS.has(field) ? "" : ` ${row[field]}`;
    if (row[field] > today) errors.push({ code: "E_DATE_FUTURE", field, message: `${field}${shown} is in the future (today is ${today})` });
  }
  const dates = split(row.procedureDates);
  const codes = split(row.procedures);
  dates.forEach((d, i) => {
    if (d !== "" && (d < row.admissionDate || d > row.dischargeDate)) {
      errors.push({ code: "E_PROCEDURE_DATE_OUTSIDE_STAY", field: `procedures.${i}.date`, message: `procedure ${codes[i]} is dated ${d}, outside the stay ${row.admissionDate} to ${row.dischargeDate}` });
    }
  });
}

function codeRepeats(principal: string, secondaries: string[], errors: ClaimError[]): void {
  if (secondaries.includes(principal)) errors.push({ code: "E_PDX_REPEATED", field: "secondaryDiagnoses", message: `the principal diagnosis ${principal} is repeated as a secondary diagnosis` });
  const seen = new Set<string>();
  for (const code of secondaries) {
    if (seen.has(code)) errors.push({ code: "E_SDX_REPEATED", field: "secondaryDiagnoses", message: `secondary diagnosis ${code} is listed twice` });
    seen.add(code);
  }
}

type ClaimView = Parameters<CompiledDefinition["checks"][number]["test"]>[0];

/** The definition's code validity and clinical edits (`listEdits`), then every input check that fails. */
function definitionEdits(claim: Claim, def: CompiledDefinition, errors: ClaimError[]): void {
  for (const e of listEdits(def, claim)) {
    if (e.level === "error") errors.push({ code: e.code, field: GROUPER_FIELD[e.field], message: e.message });
  }
  const view: ClaimView = {
    claim,
    dx: [claim.principalDx ? (def.dxIndex.get(claim.principalDx) ?? -1) : -1, ...claim.secondaryDx.map((c) => def.dxIndex.get(c) ?? -1)],
    px: claim.procedures.map((c) => def.pxIndex.get(c) ?? -1),
  };
  for (const check of def.checks) {
    if (check.test(view)) errors.push({ code: check.reason, field: checkField(check.reason), message: check.message });
  }
}
