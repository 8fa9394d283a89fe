import type { Claim } from "@casemix/grouper";
import type { ClaimError } from "./claim-errors.ts";
import { parseClaim } from "./claim-errors.ts";
import type { LandingRow } from "./chunk-rows.ts";
import { ageInDays, ageInYears, lengthOfStay } from "./derive.ts";
import { toLandingRow } from "./landing.ts";

/** What the grouping engine reads of a claim: `@casemix/grouper`'s `Claim` (the engine knows no submission format). */
export type GroupingInput = Claim;

const codes = (joined: string): string[] => (joined === "" ? [] : joined.split("|").filter((c) => c !== ""));

/**
 * The grouping engine's view of a landing row (DESIGN.md "Claims, dates and versions": age in years
 * and days at admission, length of stay in calendar days). Sex `U` (unknown) reaches the engine as
 * empty, so the definition's own missing-sex check decides, as it does for a blank.
 * The group step uses it for every claim of a chunk; the coder tools use it through
 * {@link groupingInputFromSubmission}, so a claim checked before submitting groups as the pipeline groups it.
 */
export function claimFromLanding(row: LandingRow): GroupingInput {
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

export type SubmissionGroupingInput =
  | { ok: true; claim: GroupingInput; dischargeDate: string; claimNumber: string; hospitalCode: string }
  | { ok: false; errors: ClaimError[] };

/**
 * A claim as a hospital submits it (the JSON of `POST /v1/claims`, or a CSV row through
 * `csvRowToClaimInput`) mapped to the engine's input the way the pipeline maps it: the claim schema
 * of intake (`parseClaim`: unknown fields are `E_FIELD_UNKNOWN`), the landing row, then
 * {@link claimFromLanding}. The pseudonym key is irrelevant here (nothing is stored and the engine
 * never reads the patient), so a fixed one is used and the pseudonym is dropped.
 */
export function groupingInputFromSubmission(input: unknown): SubmissionGroupingInput {
  const parsed = parseClaim(input);
  if (!parsed.ok) return parsed;
  const row = toLandingRow(0, parsed.claim, [], "coder-tool");
  return { ok: true, claim: claimFromLanding(row), dischargeDate: row.dischargeDate, claimNumber: row.claimNumber, hospitalCode: row.hospitalCode };
}
