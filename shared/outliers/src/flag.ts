import { anomalyFeatures, logCharges, peerKey } from "./features.ts";
import { anomalyScore } from "./isolation-forest.ts";
import { modifiedZ } from "./robust.ts";
import { REVIEW_KINDS, type Baseline, type Check, type Flag, type FlagDecision, type OutlierClaim, type TrimPoints } from "./types.ts";

const ringgit = (logSen: number) => `RM ${(Math.exp(logSen) / 100).toFixed(2)}`;
const round = (x: number, places = 4) => (Number.isFinite(x) ? Number(x.toFixed(places)) : x);

function losCheck(claim: OutlierClaim, trim: TrimPoints, baselineId: string | null): { check: Check; flag?: Flag } {
  const base = { check: "los" as const, los: claim.los, lowTrim: trim.lowTrim, highTrim: trim.highTrim, tariffVersionId: trim.tariffVersionId };
  const where = `DRG ${claim.drg} in tariff ${trim.tariffVersionId}`;
  if (claim.los > trim.highTrim) {
    const reason = `length of stay ${claim.los} days is above the high trim point ${trim.highTrim} of ${where}`;
    return { check: { ...base, outcome: "flag" }, flag: { kind: "los-high", reason, baselineId } };
  }
  if (claim.los < trim.lowTrim) {
    const reason = `length of stay ${claim.los} days is below the low trim point ${trim.lowTrim} of ${where}`;
    return { check: { ...base, outcome: "flag" }, flag: { kind: "los-low", reason, baselineId } };
  }
  return { check: { ...base, outcome: "pass" } };
}

function costCheck(claim: OutlierClaim, baseline: Baseline | undefined): { check: Check; flag?: Flag } {
  if (!baseline) return { check: { check: "cost", outcome: "no-baseline", peers: 0 } };
  const peers = baseline.peers[peerKey(claim.drg, claim.hospitalClass)];
  const n = peers?.n ?? 0;
  if (!peers || n < baseline.minPeers) return { check: { check: "cost", outcome: "insufficient-peers", peers: n } };
  const x = logCharges(claim.chargesSen);
  if (x === undefined) return { check: { check: "cost", outcome: "no-charges", peers: n } };
  const z = modifiedZ(x, peers);
  const numbers = { peers: n, z: round(z), median: round(peers.median, 6), mad: round(peers.mad, 6), cutoff: baseline.costCutoff };
  if (!(z > baseline.costCutoff)) return { check: { check: "cost", outcome: "pass", ...numbers } };
  const reason =
    `charges ${ringgit(x)} are ${round(z, 1)} robust deviations above the median ${ringgit(peers.median)} of ` +
    `${n} peers (DRG ${claim.drg}, ${claim.hospitalClass} hospitals; cut-off ${baseline.costCutoff})`;
  return { check: { check: "cost", outcome: "flag", ...numbers }, flag: { kind: "cost-high", reason, baselineId: baseline.id } };
}

function anomalyCheck(claim: OutlierClaim, trim: TrimPoints, baseline: Baseline | undefined): { check: Check; flag?: Flag } {
  if (!baseline) return { check: { check: "anomaly", outcome: "no-baseline", peers: 0 } };
  const drg = baseline.drgs[claim.drg];
  const n = drg?.n ?? 0;
  if (!drg || n < baseline.minPeers) return { check: { check: "anomaly", outcome: "insufficient-peers", peers: n } };
  const features = anomalyFeatures(claim, trim.meanLos, drg).map((f) => round(f, 6));
  const score = round(anomalyScore(baseline.forest, features), 6);
  const numbers = { peers: n, score, threshold: round(baseline.anomalyThreshold, 6), features };
  if (!(score > baseline.anomalyThreshold)) return { check: { check: "anomaly", outcome: "pass", ...numbers } };
  const reason =
    `the combination of cost, length of stay, age, diagnoses and procedures is unusual for DRG ${claim.drg}: ` +
    `anomaly score ${score.toFixed(3)} above ${baseline.anomalyThreshold.toFixed(3)} (isolation forest of ${baseline.id})`;
  return { check: { check: "anomaly", outcome: "flag", ...numbers }, flag: { kind: "anomaly", reason, baselineId: baseline.id } };
}

/**
 * Runs every outlier check on one claim: LOS against the trim points of the tariff in force, charges
 * against DRG and hospital-class peers (median and MAD of ln charges), and the isolation-forest score.
 * Without enough peers the cost and anomaly checks answer "insufficient-peers" instead of guessing.
 * Pure and deterministic: the same claim, trim points and baseline give the same decision.
 *
 * @example
 * const { flags, checks } = flagClaim(claim, { tariffVersionId: "demo@1", lowTrim: 1, highTrim: 12, meanLos: 4 }, baseline);
 */
export function flagClaim(claim: OutlierClaim, trim: TrimPoints, baseline: Baseline | undefined): FlagDecision {
  const baselineId = baseline?.id ?? null;
  const results = [losCheck(claim, trim, baselineId), costCheck(claim, baseline), anomalyCheck(claim, trim, baseline)];
  const flags = results.flatMap((r) => (r.flag ? [r.flag] : []));
  return { baselineId, flags, checks: results.map((r) => r.check), review: flags.some((f) => REVIEW_KINDS.includes(f.kind)) };
}

/**
 * The decision for a claim price could not price (`code` says why): no check can run without its
 * tariff, and the claim is held for review rather than paid nothing as final.
 */
export function unpricedDecision(code: string): FlagDecision {
  return { baselineId: null, flags: [{ kind: "unpriced", reason: `not priced: ${code}`, baselineId: null }], checks: [], review: true };
}

/**
 * The decision for a claim whose outlier record the database refused to store (`reason`: the
 * E_VALUE_REFUSED message naming the rule): held for review, so a person settles it.
 */
export function refusedDecision(reason: string): FlagDecision {
  return { baselineId: null, flags: [{ kind: "refused", reason, baselineId: null }], checks: [], review: true };
}
