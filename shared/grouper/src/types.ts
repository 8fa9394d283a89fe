/**
 * The definition package as data: what `loadPackage` returns, what importers build and what
 * `compileDefinition` turns into lookup tables. The file layout is documented in ../README.md.
 */

/** Claim fields a numeric range condition can test. */
export type NumericField = "ageYears" | "ageDays" | "birthWeight" | "los";
/** Claim fields a `missing` condition can test. */
export type PresenceField = NumericField | "sex" | "principalDx" | "dischargeStatus" | "department";

/**
 * A rule condition. Exactly one key per object. Lists are named entries of `lists.tsv`; a list
 * used with a diagnosis condition holds diagnosis codes, with a procedure condition procedure codes.
 */
export type Condition =
  | { always: true }
  | { principalIn: string }
  | { secondaryIn: string }
  | { anyDiagnosisIn: string }
  | { mainProcedureIn: string }
  | { anyProcedureIn: string }
  | { sex: string }
  | { missing: PresenceField }
  | { range: RangeTest }
  | { distinctGroups: DistinctGroupsTest }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * Inclusive `min`/`max`, exclusive `above`/`below` (all given bounds must hold); `ifMissing` is the
 * result for an empty field (default false).
 */
export type RangeTest = { field: NumericField; min?: number; max?: number; above?: number; below?: number; ifMissing?: boolean };

/** The claim's codes of `of` cover at least `min` different groups of the grouped `list`. */
export type DistinctGroupsTest = { list: string; of: "diagnoses" | "procedures"; min: number };

/** An input check: when `failWhen` holds, the claim is `check_failed` with `reason`. */
export type CheckRule = { id: string; reason: string; message: string; failWhen: Condition };

/** How an unknown code is reported by `listEdits`. */
export type EditLevel = "error" | "warning" | "off";

export type Manifest = {
  id: string;
  version: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** True for a definition that must never be used for payment (the built-in demo). */
  illustrative: boolean;
  description?: string;
  /** The codes an ungrouped or rejected claim shows. */
  ungrouped: { mdc: string; adrg: string; drg: string };
  /** Severity levels, lowest first (e.g. ["CC", "MCC"]). */
  severityLevels: string[];
  edits: { unknownDiagnosis: EditLevel; unknownProcedure: EditLevel };
  /** Code syntax as regular expressions (whole code); null = any syntax. No ICD format is built in. */
  codeSyntax: { diagnosis: string | null; procedure: string | null };
  checks: CheckRule[];
};

export type MdcRule = { id: string; mdc: string; name: string; when: Condition };

export type AdrgRule = {
  id: string;
  adrg: string;
  mdc: string;
  name: string;
  partition: "surgical" | "procedure" | "medical";
  when: Condition;
};

/** Rules in evaluation order: MDCs in the order they are tried, ADRGs in order within each MDC. */
export type Rules = { mdcs: MdcRule[]; adrgs: AdrgRule[] };

export type DiagnosisRow = {
  code: string;
  name: string;
  /** Severity level this code raises as a secondary diagnosis, or null. */
  severity: string | null;
  /** Exclusion group named by this code as a CC/MCC: it does not count when the principal is in that group. */
  ccExclusion: string | null;
  /** Exclusion group this code belongs to as a principal diagnosis. */
  pdxExclusion: string | null;
  /** Clinical edits: the only sex this code is valid for, and the age range (years, inclusive). */
  sex: string | null;
  ageMin: number | null;
  ageMax: number | null;
};

export type ProcedureRow = { code: string; name: string; sex: string | null; ageMin: number | null; ageMax: number | null };

/** One list entry; `group` partitions a list (e.g. body regions) and is null otherwise. */
export type ListRow = { list: string; code: string; group: string | null };

/** A DRG of an ADRG; DRGs of an ADRG are tried in file order, `minSeverity` null means always. */
export type DrgRow = { drg: string; adrg: string; minSeverity: string | null; name: string };

export type DefinitionPackage = {
  manifest: Manifest;
  rules: Rules;
  diagnoses: DiagnosisRow[];
  procedures: ProcedureRow[];
  lists: ListRow[];
  drgs: DrgRow[];
};

/** A validation or load problem, naming the file, the line (when known) and the field. */
export type PackageIssue = { code: string; file: string; line?: number; field: string; message: string };

export type LoadResult = { ok: true; package: DefinitionPackage } | { ok: false; issues: PackageIssue[] };

/** A claim as the engine sees it. Empty fields are null; codes are compared as exact strings. */
export type Claim = {
  caseId?: string;
  sex: string | null;
  ageYears: number | null;
  ageDays: number | null;
  birthWeight: number | null;
  los: number | null;
  dischargeStatus: string | null;
  department: string | null;
  principalDx: string | null;
  secondaryDx: string[];
  procedures: string[];
};

export type GroupStatus = "grouped" | "check_failed" | "ungroupable";

export type SeverityEntry = { code: string; level: string };
export type ExcludedEntry = { code: string; level: string; exclusion: string };

export type GroupTrace = {
  /** Ids of the input checks that failed (empty when all passed). */
  checksFailed: string[];
  /** Ids of the MDC entry rules that held, in order. */
  mdcsEntered: string[];
  /** Ids of the ADRG rules evaluated, in order; the last one matched when `matchedRule` is set. */
  rulesTried: string[];
  matchedRule: string | null;
  /** Secondary codes that raised severity, and those excluded by the principal's exclusion group. */
  severityCodes: SeverityEntry[];
  excludedCodes: ExcludedEntry[];
};

export type GroupResult = {
  mdc: string;
  adrg: string;
  drg: string;
  /** Highest counted severity level, or null. */
  severity: string | null;
  status: GroupStatus;
  /** Stable reason code: OK, a check's reason, or E_NO_MDC / E_NO_ADRG. */
  reason: string;
  trace: GroupTrace | null;
};

export type EditFailure = {
  code: string;
  level: "error" | "warning";
  field: "principalDx" | "secondaryDx" | "procedures";
  value: string;
  message: string;
};
