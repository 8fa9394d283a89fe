import type { ClaimRow } from "./claim-row.ts";
import { isoDay } from "./dates.ts";
import type { MadeClaim } from "./claim-factory.ts";
import type { Random } from "./random.ts";

/** The kinds of bad claim the generator makes, each with the error code and field the pipeline gives it. */
export const BAD_KINDS = {
  /** Rejected at intake by the claim schema: the principal diagnosis is required. */
  "missing-principal": { code: "E_REQUIRED", field: "principalDiagnosis", step: "schema" },
  /** Rejected by validate's date edits: the discharge date is before the admission date. */
  "discharge-before-admission": { code: "E_DATES_ORDER", field: "dischargeDate", step: "edits" },
  /**
   * A well-formed code that no hospital has: rejected by validate's register edit when the batch is
   * not one hospital's; in a per-hospital file intake refuses it first as E_HOSPITAL_MISMATCH (the
   * manifest counts that code for --split hospital).
   */
  "unknown-hospital": { code: "E_HOSPITAL_UNKNOWN", field: "hospitalCode", step: "edits" },
  /** Rejected by the definition's code edits; only for a definition that rejects unknown codes. */
  "bad-code": { code: "(definition)", field: "principalDiagnosis", step: "edits" },
  /** Rejected by the claim schema: charges written with a currency sign. */
  "wrong-type-charges": { code: "E_CHARGES_FORMAT", field: "totalCharges", step: "schema" },
  /** Rejected by the claim schema: a date written DD/MM/YYYY. */
  "wrong-date-format": { code: "E_DATE_FORMAT", field: "dischargeDate", step: "schema" },
} as const;
export type BadKind = keyof typeof BAD_KINDS;

/**
 * Spoils a well-formed claim in one way. `badCode` is the definition's rejected code (see CaseMix);
 * the caller does not ask for "bad-code" when there is none. Returns the row and the error code.
 */
export function spoil(made: MadeClaim, kind: BadKind, rnd: Random, badCode: { code: string; errorCode: string } | null): { row: ClaimRow; code: string } {
  const row = { ...made.row };
  switch (kind) {
    case "missing-principal":
      row.principalDiagnosis = "";
      break;
    case "discharge-before-admission":
      // A discharge keyed 1-3 days before the admission. The admission (and so the age) is left as it
      // was, and procedure dates are left empty, so the order of the dates is the only problem: moving
      // the admission instead put it past the period's end (E_DATE_FUTURE) and aged newborns past 28
      // days (E_NEWBORN_AGE), as checked against functions/validate's editClaim.
      row.dischargeDate = isoDay(made.admissionDay - 1 - rnd.int(3));
      row.procedureDates = [];
      break;
    case "unknown-hospital":
      // "H00-": no Malaysian state has ISO 3166-2:MY number 00, so no register code starts with it.
      row.hospitalCode = `H00-${rnd.int(0x1000000).toString(16).toUpperCase().padStart(6, "0")}`;
      break;
    case "bad-code":
      if (!badCode) throw new Error("bad-code needs a definition that rejects a code");
      row.principalDiagnosis = badCode.code;
      return { row, code: badCode.errorCode };
    case "wrong-type-charges":
      row.totalCharges = `RM${row.totalCharges}`;
      break;
    case "wrong-date-format":
      row.dischargeDate = `${row.dischargeDate.slice(8, 10)}/${row.dischargeDate.slice(5, 7)}/${row.dischargeDate.slice(0, 4)}`;
      break;
  }
  return { row, code: BAD_KINDS[kind].code };
}
