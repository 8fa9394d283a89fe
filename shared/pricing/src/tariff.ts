import { parseDecimal } from "./decimal.ts";
import { checkDrgTariff, TariffSchema, type Tariff } from "./tariff-schema.ts";

/** Scale of weights and factors (4 decimal places) and of the mean LOS (2 decimal places). */
export const WEIGHT_SCALE = 10_000;
export const MEAN_LOS_SCALE = 100;

/** A DRG's tariff with every decimal held as a scaled integer, ready for pricing. */
export type CompiledDrg = {
  drg: string;
  weight: string;
  weightE4: number;
  meanLos: string;
  meanLosE2: number;
  lowTrim: number;
  highTrim: number;
  lowDayWeight: string;
  lowDayWeightE4: number;
  highDayWeight: string;
  highDayWeightE4: number;
  /** The same-day factor in force for this DRG (its own, or the tariff's). */
  sameDayFactor: string;
  sameDayFactorE4: number;
};

/** A tariff version compiled into lookup tables: build once, price millions of claims with it. */
export type CompiledTariff = {
  id: string;
  version: number;
  /** `<id>@<version>`: what every price records. */
  versionId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  drgs: Map<string, CompiledDrg>;
  /** hospital class -> region (or "*") -> base rate in sen. */
  baseRates: Map<string, Map<string, number>>;
  transferStatuses: Set<string>;
  deathStatuses: Set<string>;
  deathWaivesShortStay: boolean;
  outlierThresholdSen: number;
  outlierMarginalRate: string;
  outlierMarginalRateE4: number;
  source: Tariff;
};

/** A problem in a tariff, with the path of the offending field. */
export type TariffIssue = { path: string; message: string };

export type CompileTariffResult = { ok: true; tariff: CompiledTariff } | { ok: false; issues: TariffIssue[] };

const scaled = (text: string, places: number): number => {
  const parsed = parseDecimal(text, places);
  if (!parsed.ok) throw new Error(parsed.message); // unreachable after schema validation
  return parsed.scaled;
};

/**
 * Validates a tariff version (schema, cross-field rules, duplicates) and compiles it for pricing.
 *
 * @example
 * const compiled = compileTariff(tariffJson);
 * if (compiled.ok) priceClaim(compiled.tariff, hospital, claim);
 */
export function compileTariff(input: unknown): CompileTariffResult {
  const parsed = TariffSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
  }
  const tariff = parsed.data;
  const issues: TariffIssue[] = [];
  if (tariff.effectiveTo !== null && tariff.effectiveTo < tariff.effectiveFrom) {
    issues.push({ path: "effectiveTo", message: `ends ${tariff.effectiveTo}, before it starts ${tariff.effectiveFrom}` });
  }
  const baseRates = new Map<string, Map<string, number>>();
  tariff.baseRates.forEach((rate, index) => {
    const regions = baseRates.get(rate.hospitalClass) ?? new Map<string, number>();
    if (regions.has(rate.region)) {
      issues.push({ path: `baseRates.${index}`, message: `a second base rate for class ${rate.hospitalClass} in region ${rate.region}` });
    }
    regions.set(rate.region, rate.baseRateSen);
    baseRates.set(rate.hospitalClass, regions);
  });
  const drgs = new Map<string, CompiledDrg>();
  const defaultSameDay = tariff.rules.sameDay.factor;
  tariff.drgs.forEach((drg, index) => {
    if (drgs.has(drg.drg)) issues.push({ path: `drgs.${index}.drg`, message: `DRG ${drg.drg} is listed twice` });
    for (const [field, message] of checkDrgTariff(drg)) issues.push({ path: `drgs.${index}.${field}`, message });
    const sameDayFactor = drg.sameDayFactor ?? defaultSameDay;
    drgs.set(drg.drg, {
      drg: drg.drg,
      weight: drg.weight,
      weightE4: scaled(drg.weight, 4),
      meanLos: drg.meanLos,
      meanLosE2: scaled(drg.meanLos, 2),
      lowTrim: drg.lowTrim,
      highTrim: drg.highTrim,
      lowDayWeight: drg.lowDayWeight,
      lowDayWeightE4: scaled(drg.lowDayWeight, 4),
      highDayWeight: drg.highDayWeight,
      highDayWeightE4: scaled(drg.highDayWeight, 4),
      sameDayFactor,
      sameDayFactorE4: scaled(sameDayFactor, 4),
    });
  });
  const { transfer, death, outlier } = tariff.rules;
  for (const status of transfer.dischargeStatuses) {
    if (death.dischargeStatuses.includes(status)) {
      issues.push({ path: "rules.death.dischargeStatuses", message: `status "${status}" is both a transfer and a death` });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    tariff: {
      id: tariff.id,
      version: tariff.version,
      versionId: `${tariff.id}@${tariff.version}`,
      effectiveFrom: tariff.effectiveFrom,
      effectiveTo: tariff.effectiveTo,
      drgs,
      baseRates,
      transferStatuses: new Set(transfer.dischargeStatuses),
      deathStatuses: new Set(death.dischargeStatuses),
      deathWaivesShortStay: death.waiveShortStay,
      outlierThresholdSen: outlier.thresholdSen,
      outlierMarginalRate: outlier.marginalRate,
      outlierMarginalRateE4: scaled(outlier.marginalRate, 4),
      source: tariff,
    },
  };
}

/**
 * The base rate of a hospital class in a region: the region's own rate if the tariff has one, else the
 * class's "*" rate. Returns undefined when the class has no rate (the claim is unpriceable).
 */
export function lookupBaseRate(
  tariff: CompiledTariff,
  hospitalClass: string,
  region: string,
): { baseRateSen: number; region: string } | undefined {
  const regions = tariff.baseRates.get(hospitalClass);
  if (!regions) return undefined;
  const own = regions.get(region);
  if (own !== undefined) return { baseRateSen: own, region };
  const fallback = regions.get("*");
  return fallback === undefined ? undefined : { baseRateSen: fallback, region: "*" };
}

/**
 * Picks the version in force on a date (DESIGN.md "Claims, dates and versions"): the latest version whose
 * inclusive effective range covers the date. Works for tariffs and hospital registers alike.
 */
export function versionInForce<T extends { version: number; effectiveFrom: string; effectiveTo: string | null }>(
  versions: readonly T[],
  date: string,
): T | undefined {
  let best: T | undefined;
  for (const candidate of versions) {
    const covers = candidate.effectiveFrom <= date && (candidate.effectiveTo === null || date <= candidate.effectiveTo);
    if (covers && (!best || candidate.version > best.version)) best = candidate;
  }
  return best;
}
