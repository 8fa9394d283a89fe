import { ageInDays, ageInYears, lengthOfStay, type LandingRow } from "@casemix/claims";
import type { Claim } from "@casemix/grouper";

const codes = (joined: string): string[] => (joined === "" ? [] : joined.split("|").filter((c) => c !== ""));

/**
 * The grouping engine's view of a landing row (DESIGN.md "Claims, dates and versions": age in years
 * and days at admission, length of stay in calendar days). Sex `U` (unknown) reaches the engine as
 * empty, so the definition's own missing-sex check decides, as it does for a blank.
 */
export function claimFromLanding(row: LandingRow): Claim {
  return {
    caseId: row.claimNumber,
    sex: row.sex === "" || row.sex === "U" ? null : row.sex,
    ageYears: ageInYears(row.dateOfBirth, row.admissionDate),
    ageDays: ageInDays(row.dateOfBirth, row.admissionDate),
    birthWeight: row.birthWeightGrams ?? null,
    los: lengthOfStay(row.admissionDate, row.dischargeDate),
    dischargeStatus: row.dischargeStatus === "" ? null : row.dischargeStatus,
    department: row.department ?? null,
    principalDx: row.principalDiagnosis === "" ? null : row.principalDiagnosis,
    secondaryDx: codes(row.secondaryDiagnoses),
    procedures: codes(row.procedures),
  };
}
