import { groupClaim, listEdits, type Claim, type CompiledDefinition } from "@casemix/grouper";

/** What the generator expects of a well-formed claim after validate and group. */
export type Prediction =
  | { state: "final"; drg: string }
  | { state: "ungroupable"; drg: string; reason: string }
  | { state: "rejected"; reason: string };

/** The facts validate derives from the dates, computed by the generator from day numbers. */
export type ClaimFacts = {
  sex: string;
  ageYears: number;
  ageDays: number;
  birthWeight: number | null;
  los: number;
  admissionType: string;
  dischargeStatus: string;
  department: string;
  principal: string;
  secondaries: readonly string[];
  procedures: readonly string[];
};

/**
 * Predicts the terminal state of a well-formed claim the way the pipeline decides it: the edits of
 * functions/validate/src/claim-edits.ts that depend on coding and age (implausible age, newborn
 * admission, birth weight after infancy, repeated codes, the definition's code and clinical edits at
 * level error, and its input checks), then the grouper. A claim the definition cannot group is
 * "ungroupable"; every other claim that passes is "final". Validate's claim is mirrored field for
 * field (sex U is empty, ages and LOS from the dates), so the grouper sees what it will see there.
 * Dates, register and format edits are not predicted here: the generator makes them right by
 * construction (and wrong on purpose only in bad claims).
 */
export function predictClaim(def: CompiledDefinition, f: ClaimFacts, editError: (def: CompiledDefinition, claim: Claim) => string | null = firstEditError): Prediction {
  // The claim schema requires a principal diagnosis (some CHS-DRG conformance claims have none).
  if (f.principal.trim() === "") return { state: "rejected", reason: "E_REQUIRED" };
  if (f.ageYears > 125) return { state: "rejected", reason: "E_AGE_IMPLAUSIBLE" };
  if (f.admissionType === "newborn" && f.ageDays > 28) return { state: "rejected", reason: "E_NEWBORN_AGE" };
  if (f.birthWeight !== null && f.ageDays > 365) return { state: "rejected", reason: "E_BIRTH_WEIGHT_NOT_NEWBORN" };
  if (f.secondaries.includes(f.principal)) return { state: "rejected", reason: "E_PDX_REPEATED" };
  if (new Set(f.secondaries).size !== f.secondaries.length) return { state: "rejected", reason: "E_SDX_REPEATED" };
  const claim: Claim = {
    sex: f.sex === "U" ? null : f.sex,
    ageYears: f.ageYears,
    ageDays: f.ageDays,
    birthWeight: f.birthWeight,
    los: f.los,
    dischargeStatus: f.dischargeStatus,
    department: f.department === "" ? null : f.department,
    principalDx: f.principal,
    secondaryDx: f.secondaries as string[],
    procedures: f.procedures as string[],
  };
  const edit = editError(def, claim);
  if (edit !== null) return { state: "rejected", reason: edit };
  const result = groupClaim(def, claim, { trace: false });
  if (result.status === "check_failed") return { state: "rejected", reason: result.reason };
  if (result.status === "ungroupable") return { state: "ungroupable", drg: result.drg, reason: result.reason };
  return { state: "final", drg: result.drg };
}

/** The first code edit at level error (listEdits reads only the codes, sex and age in years), or null. */
export function firstEditError(def: CompiledDefinition, claim: Claim): string | null {
  for (const e of listEdits(def, claim)) if (e.level === "error") return e.code;
  return null;
}
