import { formatScaled } from "./decimal.ts";
import type { DrgTariff, Tariff } from "./tariff-schema.ts";

/**
 * A SYNTHETIC tariff for scale tests: plausible but invented weights for a list of DRG codes (e.g. the
 * 628 DRGs of CHS-DRG 1.1 in ../shared/data/chs-drg-1.1/3_DRG.txt), from a seeded generator so the same
 * seed always gives the same tariff. Not derived from any cost study; never use it for payment.
 *
 * Shape of the numbers: each ADRG (the code without its last digit) gets a log-uniform weight in
 * 0.25..6.0; CHS-DRG's last digit marks severity (1 with MCC, 3 with CC, 5 without, 9 no split), which
 * multiplies it by 1.6 / 1.25 / 1.0 / 1.1. Mean LOS grows with the weight; the low trim is a third of the
 * mean LOS and the high trim three times it, as in common casemix trim rules.
 */
export type SyntheticTariffOptions = { seed: number; id?: string; version?: number; effectiveFrom?: string };

/** mulberry32: a tiny seeded PRNG, enough for reproducible test data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SEVERITY_FACTOR: Record<string, number> = { "1": 1.6, "3": 1.25, "5": 1.0, "9": 1.1 };

/** Reads the DRG codes of a CHS-DRG `3_DRG.txt` text (code, space, name per line). */
export function parseDrgList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((code): code is string => Boolean(code));
}

function syntheticDrg(code: string, adrgWeight: number, random: () => number): DrgTariff {
  const weightE4 = Math.max(1000, Math.round(adrgWeight * (SEVERITY_FACTOR[code.at(-1) ?? "9"] ?? 1.1) * 10_000));
  const weight = weightE4 / 10_000;
  const meanLosE2 = Math.round((1.5 + weight * (2.2 + random() * 1.6)) * 100);
  const meanLos = meanLosE2 / 100;
  const lowTrim = Math.max(1, Math.floor(meanLos / 3));
  const highTrim = Math.max(lowTrim + 1, Math.ceil(meanLos * 3));
  // A day below the low trim is worth about a mean day's share of the weight, bounded so the deduction
  // at LOS 0 can never exceed the weight (the tariff check requires low-day weight x low trim <= weight).
  const lowDayE4 = Math.min(Math.floor(weightE4 / lowTrim), Math.round((weightE4 / meanLos) * 0.8));
  const highDayE4 = Math.max(1, Math.round((weightE4 / meanLos) * 0.6));
  return {
    drg: code,
    weight: formatScaled(weightE4, 4),
    meanLos: formatScaled(meanLosE2, 2),
    lowTrim,
    highTrim,
    lowDayWeight: formatScaled(lowDayE4, 4),
    highDayWeight: formatScaled(highDayE4, 4),
  };
}

/**
 * Generates a synthetic tariff for the given DRG codes, with the demo tariff's classes and rules.
 *
 * @example
 * generateSyntheticTariff(parseDrgList(readFileSync(CHS_DRG_LIST, "utf8")), { seed: 42 }) // 628 DRGs
 */
export function generateSyntheticTariff(codes: readonly string[], options: SyntheticTariffOptions): Tariff {
  const random = createRandom(options.seed);
  const adrgWeights = new Map<string, number>();
  const drgs = codes.map((code) => {
    const adrg = code.slice(0, -1);
    if (!adrgWeights.has(adrg)) adrgWeights.set(adrg, 0.25 * Math.exp(random() * Math.log(24)));
    return syntheticDrg(code, adrgWeights.get(adrg)!, random);
  });
  return {
    id: options.id ?? "chs-drg-synthetic",
    version: options.version ?? 1,
    name: `Synthetic tariff for ${codes.length} DRGs (seed ${options.seed}; scale tests only, not for payment)`,
    effectiveFrom: options.effectiveFrom ?? "2027-01-01",
    effectiveTo: null,
    note: "SYNTHETIC: weights from a seeded generator, not from any cost study.",
    baseRates: [
      { hospitalClass: "state", region: "*", baseRateSen: 480000 },
      { hospitalClass: "specialist", region: "*", baseRateSen: 420000 },
      { hospitalClass: "district", region: "*", baseRateSen: 330000 },
      { hospitalClass: "institution", region: "*", baseRateSen: 510000 },
      { hospitalClass: "university", region: "*", baseRateSen: 495000 },
    ],
    drgs,
    rules: {
      sameDay: { factor: "0.4500" },
      // CHS-DRG claims code discharge as 1 ordered, 2 transfer to hospital, 3 transfer to community care,
      // 4 against advice, 5 death, 9 other (the conformance cases use these codes).
      transfer: { dischargeStatuses: ["2"] },
      death: { dischargeStatuses: ["5"], waiveShortStay: true },
      outlier: { thresholdSen: 3_000_000, marginalRate: "0.8000" },
    },
  };
}

/** Writes a tariff as the three CSV texts of its folder form (the inverse of importTariffCsv). */
export function tariffToCsv(tariff: Tariff): { settings: string; baseRates: string; drgs: string } {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const { rules } = tariff;
  const settings = [
    ["id", tariff.id],
    ["version", String(tariff.version)],
    ["name", tariff.name],
    ["effective_from", tariff.effectiveFrom],
    ["effective_to", tariff.effectiveTo ?? ""],
    ["note", tariff.note ?? ""],
    ["same_day_factor", rules.sameDay.factor],
    ["transfer_statuses", rules.transfer.dischargeStatuses.join(";")],
    ["death_statuses", rules.death.dischargeStatuses.join(";")],
    ["death_waives_short_stay", String(rules.death.waiveShortStay)],
    ["outlier_threshold_sen", String(rules.outlier.thresholdSen)],
    ["outlier_marginal_rate", rules.outlier.marginalRate],
  ];
  const lines = (header: string, rows: string[][]) => [header, ...rows.map((r) => r.map(q).join(","))].join("\n") + "\n";
  return {
    settings: lines("key,value", settings),
    baseRates: lines("class,region,base_rate_sen", tariff.baseRates.map((r) => [r.hospitalClass, r.region, String(r.baseRateSen)])),
    drgs: lines(
      "drg,weight,mean_los,low_trim,high_trim,low_day_weight,high_day_weight,same_day_factor,description",
      tariff.drgs.map((d) => [d.drg, d.weight, d.meanLos, String(d.lowTrim), String(d.highTrim), d.lowDayWeight, d.highDayWeight, d.sameDayFactor ?? "", d.description ?? ""]),
    ),
  };
}
