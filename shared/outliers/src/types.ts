import type { IsolationForest } from "./isolation-forest.ts";

/** What the outlier checks need to know about one priced claim; plain data, no I/O. */
export type OutlierClaim = {
  drg: string;
  /** The hospital's class in the register (peers are per DRG and hospital class). */
  hospitalClass: string;
  /** Length of stay in days (a same-day stay is 0). */
  los: number;
  /** Total charges in sen: the cost proxy (null when the hospital sent none). */
  chargesSen: number | null;
  ageYears: number;
  diagnosisCount: number;
  procedureCount: number;
};

/** The DRG's trim points from the tariff version in force for the claim. */
export type TrimPoints = {
  tariffVersionId: string;
  lowTrim: number;
  highTrim: number;
  /** Mean LOS in days. */
  meanLos: number;
};

/** A claim of a closed period, as a baseline learns from it. */
export type BaselineClaim = OutlierClaim & { period: string; meanLos: number };

/** Robust statistics of ln(charges in sen) among peers. */
export type PeerStats = { n: number; median: number; mad: number; meanAbsDev: number };

/**
 * Statistics frozen from closed periods: seeded, versioned and immutable. Every flag records the id,
 * so a flag can be explained and a redelivered chunk, judged against the same baseline, gets the
 * same flags.
 */
export type Baseline = {
  /** `obl_v<version>_<16 hex of the content's sha256>`. */
  id: string;
  version: number;
  seed: number;
  /** The closed periods it was frozen from (YYYY-MM, ascending). */
  periods: string[];
  /** Claims it learned from. */
  claims: number;
  /** Below this many peers a cost or anomaly check answers "insufficient peers". */
  minPeers: number;
  /** Modified z-score of ln(charges) above which a claim is a cost outlier. */
  costCutoff: number;
  /** Per `drg|hospitalClass`. */
  peers: Record<string, PeerStats>;
  /** Per DRG over all classes (the anomaly features' reference). */
  drgs: Record<string, PeerStats>;
  forest: IsolationForest;
  /** Rows the forest was trained on (a seeded sample of the claims). */
  trainedOn: number;
  /** Score above which a claim is anomalous: the (1 - contamination) quantile of training scores. */
  anomalyThreshold: number;
  contamination: number;
};

/** `unpriced`: price could not price the claim (no tariff or register in force, DRG without a weight). */
export type FlagKind = "los-high" | "los-low" | "cost-high" | "anomaly" | "unpriced" | "refused";

/** One reason a claim goes to review. */
export type Flag = { kind: FlagKind; reason: string; baselineId: string | null };

export type CheckOutcome = "pass" | "flag" | "insufficient-peers" | "no-baseline" | "no-charges";

/** One check's outcome and the numbers it decided on: the decision log's content. */
export type Check =
  | { check: "los"; outcome: "pass" | "flag"; los: number; lowTrim: number; highTrim: number; tariffVersionId: string }
  | { check: "cost"; outcome: CheckOutcome; peers: number; z?: number; median?: number; mad?: number; cutoff?: number }
  | { check: "anomaly"; outcome: CheckOutcome; peers: number; score?: number; threshold?: number; features?: number[] };

/** Everything decided about one claim. */
export type FlagDecision = {
  baselineId: string | null;
  flags: Flag[];
  checks: Check[];
  /** True when a flag holds the claim for review (see REVIEW_KINDS). */
  review: boolean;
};

/**
 * The kinds that hold a claim for review. An unpriced claim is held: it is grouped and must be paid,
 * but its configuration is missing, so a reviewer (and a re-close once it is published) settles it;
 * so is a claim whose outlier record the database refused (E_VALUE_REFUSED).
 * A stay below the low trim point is flagged and logged but not
 * held: pricing already pays it less by the per-day deduction, and short stays are common (a quarter to
 * a half of the demo claims), so holding them would bury the reviewers.
 */
export const REVIEW_KINDS: readonly FlagKind[] = ["los-high", "cost-high", "anomaly", "unpriced", "refused"];
