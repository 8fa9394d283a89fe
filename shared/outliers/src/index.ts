/**
 * @casemix/outliers: pure outlier statistics (DESIGN.md "Domain code is pure"): trim-point checks,
 * robust cost peers per DRG and hospital class, a seeded isolation forest, frozen versioned baselines.
 */
export * from "./types.ts";
export { createPrng, normal, sampleIndices, type Prng } from "./prng.ts";
export { median, medianMad, meanAbsDev, modifiedZ, quantile, MAD_TO_SIGMA, MODIFIED_Z_CUTOFF } from "./robust.ts";
export { anomalyScore, averagePathLength, trainIsolationForest, type IsolationForest, type IsolationTree } from "./isolation-forest.ts";
export { anomalyFeatures, logCharges, peerKey } from "./features.ts";
export { baselineId, buildBaseline, MIN_PEERS, type BuildBaselineOptions } from "./baseline.ts";
export { flagClaim, refusedDecision, unpricedDecision } from "./flag.ts";
export {
  generateSyntheticClaims,
  syntheticDrgs,
  toBaselineClaims,
  SYNTHETIC_CLASSES,
  type PlantedKind,
  type SyntheticClaim,
  type SyntheticDrg,
  type SyntheticOptions,
} from "./synthetic.ts";
