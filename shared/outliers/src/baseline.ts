import { createHash } from "node:crypto";
import { anomalyFeatures, logCharges, peerKey } from "./features.ts";
import { anomalyScore, trainIsolationForest } from "./isolation-forest.ts";
import { createPrng, sampleIndices } from "./prng.ts";
import { meanAbsDev, medianMad, MODIFIED_Z_CUTOFF, quantile } from "./robust.ts";
import type { Baseline, BaselineClaim, PeerStats } from "./types.ts";

/** "Insufficient peers" below 30: the usual minimum for a stable median and MAD per group. */
export const MIN_PEERS = 30;

export type BuildBaselineOptions = {
  version: number;
  seed: number;
  /** The closed periods to learn from; claims of other periods are ignored. */
  periods: readonly string[];
  minPeers?: number;
  costCutoff?: number;
  /** Rows the forest trains on, sampled with the seed: 10k trains in about a second. */
  trainingSample?: number;
  trees?: number;
  /** Share of claims the anomaly check is expected to flag. */
  contamination?: number;
};

function stats(values: number[]): PeerStats {
  const { median, mad } = medianMad(values);
  return { n: values.length, median, mad, meanAbsDev: meanAbsDev(values, median) };
}

function groupLogCosts(claims: readonly BaselineClaim[], key: (c: BaselineClaim) => string): Record<string, PeerStats> {
  const groups = new Map<string, number[]>();
  for (const c of claims) {
    const v = logCharges(c.chargesSen);
    if (v === undefined) continue;
    const k = key(c);
    const list = groups.get(k) ?? [];
    list.push(v);
    groups.set(k, list);
  }
  const out: Record<string, PeerStats> = {};
  for (const k of [...groups.keys()].sort()) out[k] = stats(groups.get(k)!);
  return out;
}

/** The id: version plus a digest of everything else, so two different baselines never share one. */
export function baselineId(content: Omit<Baseline, "id">): string {
  const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16);
  return `obl_v${content.version}_${digest}`;
}

/**
 * Freezes a baseline from claims of closed periods: median and MAD of ln(charges) per DRG and hospital
 * class, and an isolation forest trained on a seeded sample. Deterministic: the same claims (in any
 * order), version and seed give the same baseline and id.
 *
 * @example
 * const baseline = buildBaseline(claims, { version: 1, seed: 2027, periods: ["2026-10", "2026-11"] });
 */
export function buildBaseline(claims: readonly BaselineClaim[], options: BuildBaselineOptions): Baseline {
  const { version, seed, minPeers = MIN_PEERS, costCutoff = MODIFIED_Z_CUTOFF, trainingSample = 10_000, trees = 100, contamination = 0.005 } = options;
  const periods = [...new Set(options.periods)].sort();
  const wanted = new Set(periods);
  // Sort so the result does not depend on the order the database returned the rows in.
  const used = claims.filter((c) => wanted.has(c.period)).sort(compareClaims);
  const peers = groupLogCosts(used, (c) => peerKey(c.drg, c.hospitalClass));
  const drgs = groupLogCosts(used, (c) => c.drg);
  const eligible = used.filter((c) => (drgs[c.drg]?.n ?? 0) >= minPeers);
  const rng = createPrng(seed);
  const rows = sampleIndices(eligible.length, trainingSample, rng).map((i) => {
    const c = eligible[i];
    return anomalyFeatures(c, c.meanLos, drgs[c.drg]);
  });
  const forest = trainIsolationForest(rows, { seed: rng.int(2 ** 31), trees });
  const scores = rows.map((r) => anomalyScore(forest, r));
  const anomalyThreshold = rows.length > 0 ? quantile(scores, 1 - contamination) : 1;
  const content: Omit<Baseline, "id"> = {
    version, seed, periods, claims: used.length, minPeers, costCutoff, peers, drgs, forest,
    trainedOn: rows.length, anomalyThreshold, contamination,
  };
  return { id: baselineId(content), ...content };
}

function compareClaims(a: BaselineClaim, b: BaselineClaim): number {
  const ka = [a.period, a.drg, a.hospitalClass, a.los, a.chargesSen ?? -1, a.ageYears, a.diagnosisCount, a.procedureCount, a.meanLos];
  const kb = [b.period, b.drg, b.hospitalClass, b.los, b.chargesSen ?? -1, b.ageYears, b.diagnosisCount, b.procedureCount, b.meanLos];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] < kb[i]) return -1;
    if (ka[i] > kb[i]) return 1;
  }
  return 0;
}
