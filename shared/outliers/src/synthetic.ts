import { createPrng, normal, type Prng } from "./prng.ts";
import type { BaselineClaim, OutlierClaim, TrimPoints } from "./types.ts";

/**
 * Seeded synthetic claims with planted outliers, for the acceptance test and the benchmarks. Normal
 * claims have a length of stay between the DRG's trim points (that is what the trim points bound) and
 * log-normal charges around a DRG and hospital-class median (sigma 0.25 on the log scale, with charges
 * rising 10% per mean LOS of extra stay). A planted "los" claim stays 1-10 days beyond the high trim
 * point; a planted "cost" claim has 4 times the charges it would have had.
 */
export type SyntheticDrg = { drg: string; meanLos: number; lowTrim: number; highTrim: number; medianChargesSen: number };

export type PlantedKind = "none" | "los" | "cost";

export type SyntheticClaim = { claim: OutlierClaim; trim: TrimPoints; period: string; hospitalCode: string; planted: PlantedKind };

export type SyntheticOptions = {
  seed: number;
  count: number;
  period: string;
  drgs?: readonly SyntheticDrg[];
  /** Share of claims planted with each kind. */
  plant?: { los: number; cost: number };
  tariffVersionId?: string;
};

/** Hospital classes and their cost level relative to the DRG median. */
export const SYNTHETIC_CLASSES = [
  { hospitalClass: "state", factor: 1.15, hospitals: ["SH-01", "SH-02", "SH-03"] },
  { hospitalClass: "specialist", factor: 1.0, hospitals: ["SP-01", "SP-02", "SP-03", "SP-04"] },
  { hospitalClass: "district", factor: 0.8, hospitals: ["DH-01", "DH-02", "DH-03", "DH-04", "DH-05"] },
] as const;

/** Twenty DRGs with trim points and charges of a plausible spread. */
export function syntheticDrgs(seed = 11, count = 20): SyntheticDrg[] {
  const rng = createPrng(seed);
  return Array.from({ length: count }, (_, i) => {
    const meanLos = 2 + rng.int(9);
    return {
      drg: `D${String(i + 1).padStart(3, "0")}`,
      meanLos,
      lowTrim: Math.max(0, Math.floor(meanLos / 3)),
      highTrim: meanLos * 3,
      medianChargesSen: (150_000 + rng.int(2_000_000)) * (1 + meanLos / 4),
    };
  });
}

function drawLos(d: SyntheticDrg, rng: Prng): number {
  for (;;) {
    const los = Math.round(d.meanLos * Math.exp(0.45 * normal(rng)));
    if (los >= d.lowTrim && los <= d.highTrim) return los;
  }
}

/**
 * @example
 * const set = generateSyntheticClaims({ seed: 1, count: 20_000, period: "2027-01", plant: { los: 0.01, cost: 0.01 } });
 */
export function generateSyntheticClaims(options: SyntheticOptions): SyntheticClaim[] {
  const { seed, count, period, drgs = syntheticDrgs(), plant = { los: 0, cost: 0 }, tariffVersionId = "synthetic@1" } = options;
  const rng = createPrng(seed);
  const out: SyntheticClaim[] = [];
  for (let i = 0; i < count; i++) {
    const d = drgs[rng.int(drgs.length)];
    const cls = SYNTHETIC_CLASSES[rng.int(SYNTHETIC_CLASSES.length)];
    const u = rng.next();
    const planted: PlantedKind = u < plant.los ? "los" : u < plant.los + plant.cost ? "cost" : "none";
    const los = planted === "los" ? d.highTrim + 1 + rng.int(10) : drawLos(d, rng);
    const losFactor = 1 + (0.1 * (Math.min(los, d.highTrim) - d.meanLos)) / d.meanLos;
    let charges = d.medianChargesSen * cls.factor * losFactor * Math.exp(0.25 * normal(rng));
    if (planted === "cost") charges *= 4;
    out.push({
      claim: {
        drg: d.drg,
        hospitalClass: cls.hospitalClass,
        los,
        chargesSen: Math.round(charges),
        ageYears: Math.max(0, Math.round(45 + 20 * normal(rng))),
        diagnosisCount: rng.int(6),
        procedureCount: rng.int(4),
      },
      trim: { tariffVersionId, lowTrim: d.lowTrim, highTrim: d.highTrim, meanLos: d.meanLos },
      period,
      hospitalCode: cls.hospitals[rng.int(cls.hospitals.length)],
      planted,
    });
  }
  return out;
}

/** Synthetic claims as a baseline learns from them. */
export const toBaselineClaims = (set: readonly SyntheticClaim[]): BaselineClaim[] =>
  set.map((s) => ({ ...s.claim, period: s.period, meanLos: s.trim.meanLos }));
