import type { CompiledDefinition } from "@casemix/grouper";

/**
 * One kind of inpatient case the generator draws: its coding and the demographics that fit it. A
 * case-mix is a weighted list of these for one grouping definition.
 */
export type CaseTemplate = {
  /** Where the template came from (a demo case name or a conformance case id), for the README and tests. */
  id: string;
  principal: string;
  /** Always coded. */
  secondaries: readonly string[];
  /** Each coded with probability `optionalChance` (demo case-mix only; CHS-DRG cases are coded as sampled). */
  optionalSecondaries: readonly string[];
  optionalChance: number;
  /** Main procedure first. */
  procedures: readonly string[];
  sex: "M" | "F" | "any";
  /** Age at admission in whole years, inclusive range. */
  ageYears: readonly [number, number];
  /** Newborns: age at admission in days (then ageYears is [0, 0]). */
  ageDays: readonly [number, number] | null;
  birthWeight: readonly [number, number] | null;
  admissionTypes: readonly string[];
  dischargeStatuses: readonly string[];
  department: string;
  /** Centre of the length-of-stay distribution, days (the DRG's mean LOS). */
  meanLos: number;
  /** Relative cost (the DRG cost weight where known): scales the charges. */
  costWeight: number;
};

/** The templates of one definition, with their frequencies, and what a bad code looks like in it. */
export type CaseMix = {
  definition: { id: string; version: string; source: string };
  def: CompiledDefinition;
  templates: CaseTemplate[];
  weights: number[];
  /** Mean LOS and relative cost per DRG (the demo tariff, or the conformance claims' own LOS); templates are the fallback. */
  drgFacts: ReadonlyMap<string, { meanLos: number; costWeight: number }>;
  /**
   * A diagnosis the definition's edits reject (unknown code with `unknownDiagnosis: error`, or a code
   * of the wrong syntax), with the error code validate gives it; null when the definition rejects no
   * code (CHS-DRG 1.1 only warns), so no "bad code" claims can be made for it.
   */
  badCode: { code: string; errorCode: string } | null;
};

/** Discharge statuses of an ordinary stay: mostly home, some transfers, against advice and deaths. */
export const USUAL_DISCHARGES = ["1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "2", "3", "4", "5"] as const;
