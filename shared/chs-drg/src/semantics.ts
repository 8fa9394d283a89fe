import type { Condition } from "@casemix/grouper";

/**
 * What CHS-DRG 1.1 means that its text tables do not say, as the OpenDRG reference groupers apply it.
 * Every entry cites ../shared/data/chs-drg-1.1/LOGIC.md; nothing here names a claim.
 */

/** LOGIC.md §3: MDCs are tried in this fixed order. */
export const MDC_ORDER = "APYZMNBCDEFGHIJKLOQRSTUVWX".split("").map((l) => `MDC${l}`);

/** LOGIC.md §4: inside MDCF, FF2 is tried before FF1; every other MDC tries ADRGs alphabetically. */
export const ADRG_ORDER_OVERRIDES: Record<string, string[]> = { FF2: ["FF1"] };

/** The list of operating-room procedures (`grouper-data/SS_VALID.json`). */
export const OR_LIST = "or-procedures";

/** LOGIC.md §4: neonatal ADRGs hold only when age in days <= 28; an empty age in days counts as 0 (§2). */
export const NEONATAL_ADRGS = new Set(["PB1", "PC1", "PJ1", "PK1", "PR1", "PU1", "PS1", "PS2", "PS3", "PS4"]);
export const NEONATE: Condition = { range: { field: "ageDays", max: 28, ifMissing: true } };

/** LOGIC.md §4: birth-weight bands of PS1–PS4, half-open: 0 < w < 1500, [1500, 2000), [2000, 2500), >= 2500. */
export const WEIGHT_BANDS: Record<string, Condition> = {
  PS1: { range: { field: "birthWeight", above: 0, below: 1500 } },
  PS2: { range: { field: "birthWeight", min: 1500, below: 2000 } },
  PS3: { range: { field: "birthWeight", min: 2000, below: 2500 } },
  PS4: { range: { field: "birthWeight", min: 2500 } },
};

/** LOGIC.md §4 and §10: PV1 is the MDCP catch-all; the reference does not check its diagnosis list. */
export const CATCH_ALL_ADRGS = new Set(["PV1"]);

/** LOGIC.md §10 / README: codes the reference lists in addition to the text tables. */
export const REFERENCE_ADDITIONS: { list: "mdc" | "mainProcedure"; owner: string; codes: string[] }[] = [
  { list: "mdc", owner: "MDCD", codes: ["L04.002", "L04.003"] },
  { list: "mainProcedure", owner: "FM1", codes: ["36.0700"] },
  { list: "mainProcedure", owner: "FM3", codes: ["88.5500", "88.5600"] },
  { list: "mainProcedure", owner: "LL1", codes: ["39.9500"] },
];

/** LOGIC.md §3: MDC entry tests beyond "the principal is in the MDC table". */
export function mdcEntry(mdc: string, table: string): Condition {
  switch (mdc) {
    case "MDCA":
      return { mainProcedureIn: OR_LIST };
    case "MDCP":
      // JS compares `age == 0` loosely, so an empty age counts as 0 (LOGIC.md §2).
      return { all: [{ principalIn: table }, { range: { field: "ageYears", min: 0, max: 0, ifMissing: true } }] };
    case "MDCZ":
      return { all: [{ principalIn: table }, { distinctGroups: { list: table, of: "diagnoses", min: 2 } }] };
    case "MDCM":
      return { all: [{ principalIn: table }, { sex: "M" }] };
    case "MDCN":
      return { all: [{ principalIn: table }, { sex: "F" }] };
    default:
      return { principalIn: table };
  }
}

/** LOGIC.md §2: the JS reference's two input checks (empty values compare as 0). */
export const CHECKS = [
  { id: "check.sex-missing", reason: "E_SEX_MISSING", message: "sex is empty", failWhen: { missing: "sex" } },
  {
    id: "check.neonate-birth-weight",
    reason: "E_BIRTH_WEIGHT_MISSING",
    message: "a neonate (age 0, age in days <= 28) has no birth weight",
    failWhen: {
      all: [
        { range: { field: "ageYears", min: 0, max: 0, ifMissing: true } },
        { range: { field: "ageDays", max: 28, ifMissing: true } },
        { range: { field: "birthWeight", min: 0, max: 0, ifMissing: true } },
      ],
    },
  },
] satisfies { id: string; reason: string; message: string; failWhen: Condition }[];

/** LOGIC.md §5: the last digit of a DRG says which severity it needs. */
export function minSeverityOfDigit(digit: string): string | null {
  if (digit === "1") return "MCC";
  if (digit === "3") return "CC";
  return null;
}

/** 2_ADRG.txt: the second letter gives the partition (A–J surgical, K–Q non-OR procedure, R–Z medical). */
export function partitionOf(adrg: string): "surgical" | "procedure" | "medical" {
  const c = adrg.charCodeAt(1);
  if (c <= 74) return "surgical";
  if (c <= 81) return "procedure";
  return "medical";
}
