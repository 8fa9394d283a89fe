import { mulDivHalfUp } from "./decimal.ts";
import { explainPrice } from "./explain.ts";
import type { Hospital } from "./register-schema.ts";
import { applyLosRules, type DischargeKind, type LosCase } from "./los-rules.ts";
import { lookupBaseRate, WEIGHT_SCALE, type CompiledDrg, type CompiledTariff } from "./tariff.ts";

/**
 * Pure DRG pricing. The model follows MY-DRG casemix practice (Malaysia MOH / UNU-CBG lineage) and the
 * per-diem trim adjustments common to DRG payment systems (G-DRG per-day deductions and supplements
 * beyond the trim points, the Medicare IPPS per-diem transfer rule and fixed-loss cost outliers):
 *
 *   base payment        = base rate x cost weight
 *   LOS adjustment      = same-day: -(base payment x (1 - same-day factor))
 *                         short stay (LOS < low trim): -(base rate x low-day weight x (low trim - LOS))
 *                         long stay (LOS > high trim): +(base rate x high-day weight x (LOS - high trim))
 *   transfer adjustment = transfer out with LOS < mean LOS:
 *                         min(base payment, base payment / mean LOS x (LOS + 1)) - base payment
 *   outlier payment     = max(0, charges - (base + LOS adj. + transfer adj.) - threshold) x marginal rate
 *   total               = base payment + LOS adjustment + transfer adjustment + outlier payment
 *
 * Each component is one exact integer quotient rounded once, half up (deductions are rounded on their
 * magnitude, then negated, never giving -0); the total is their exact sum. README.md "Pricing rules" has every rule in words.
 */

/** What pricing needs from a grouped claim. */
export type ClaimToPrice = {
  drg: string;
  /** Calendar days between admission and discharge; a same-day stay has 0 (DESIGN.md). */
  los: number;
  /** The claim's discharge status code; the tariff says which codes are transfers and deaths. */
  dischargeStatus: string;
  /** Total charges in sen, the cost proxy for the outlier rule; absent means no outlier test. */
  totalChargesSen?: number | null;
  /** Discharge date (YYYY-MM-DD); when given, it must lie in the tariff's effective range. */
  dischargeDate?: string;
};

export type { DischargeKind, LosCase };

/** Every component of a price and the inputs that produced it, so the price can be recomputed by hand. */
export type PriceComponents = {
  tariffId: string;
  tariffVersion: number;
  tariffVersionId: string;
  hospitalCode: string;
  hospitalClass: string;
  region: string;
  /** The region of the base-rate row used: the hospital's region, or "*" for the class default. */
  baseRateRegion: string;
  drg: string;
  los: number;
  dischargeStatus: string;
  dischargeKind: DischargeKind;
  baseRateSen: number;
  weight: string;
  basePaymentSen: number;
  meanLos: string;
  lowTrim: number;
  highTrim: number;
  losCase: LosCase;
  /** Days below the low trim or above the high trim that the per-day weight applies to; else 0. */
  losDays: number;
  /** The per-day weight (short or long stay) or the same-day factor used; null when none applied. */
  losRate: string | null;
  losAdjustmentSen: number;
  /** The per-diem transfer payment before it replaces the base payment; null when the rule did not apply. */
  transferPaymentSen: number | null;
  transferAdjustmentSen: number;
  totalChargesSen: number | null;
  outlierThresholdSen: number;
  outlierMarginalRate: string;
  /** Charges above (payment before outlier + threshold); 0 when none. */
  outlierExcessSen: number;
  outlierPaymentSen: number;
  totalSen: number;
};

/** Why a claim cannot be priced, with a stable code and the field at fault. */
export type Unpriceable = {
  code:
    | "E_DRG_NOT_IN_TARIFF"
    | "E_NO_BASE_RATE"
    | "E_LOS_INVALID"
    | "E_CHARGES_INVALID"
    | "E_TARIFF_NOT_IN_FORCE"
    | "E_HOSPITAL_NOT_IN_REGISTER";
  field: string;
  message: string;
  tariffVersionId: string;
};

export type PriceResult = { ok: true; price: PriceComponents } | { ok: false; error: Unpriceable };
export type ExplainedPriceResult = { ok: true; price: PriceComponents; formula: string } | { ok: false; error: Unpriceable };

/**
 * Prices one grouped claim and states the formula in words with its numbers (see explainPrice).
 * Pure: no clock, no I/O.
 *
 * @example
 * const result = priceClaim(tariff, hospital, { drg: "C-4-12-I", los: 4, dischargeStatus: "home" });
 * if (result.ok) console.log(result.price.totalSen, result.formula);
 */
export function priceClaim(tariff: CompiledTariff, hospital: Hospital, claim: ClaimToPrice): ExplainedPriceResult {
  const result = computePrice(tariff, hospital, claim);
  return result.ok ? { ok: true, price: result.price, formula: explainPrice(result.price) } : result;
}

/**
 * Prices one grouped claim without the words: the hot path for batch pricing, which stores the
 * components (explainPrice can restate any stored price later). Pure: no clock, no I/O.
 */
export function computePrice(tariff: CompiledTariff, hospital: Hospital, claim: ClaimToPrice): PriceResult {
  const checked = checkClaim(tariff, hospital, claim);
  if ("code" in checked) return { ok: false, error: checked };
  const { drg, rate, los, charges } = checked;
  const baseRateSen = rate.baseRateSen;
  const basePaymentSen = mulDivHalfUp(baseRateSen, drg.weightE4, WEIGHT_SCALE);
  const dischargeKind: DischargeKind = tariff.transferStatuses.has(claim.dischargeStatus)
    ? "transfer"
    : tariff.deathStatuses.has(claim.dischargeStatus)
      ? "death"
      : "normal";
  const { losCase, losDays, losRate, losAdjustmentSen, transferPaymentSen, transferAdjustmentSen } = applyLosRules(
    drg,
    baseRateSen,
    basePaymentSen,
    los,
    dischargeKind,
    tariff.deathWaivesShortStay,
  );

  const beforeOutlier = basePaymentSen + losAdjustmentSen + transferAdjustmentSen;
  const excess = charges === null ? 0 : charges - beforeOutlier - tariff.outlierThresholdSen;
  const outlierExcessSen = excess > 0 ? excess : 0;
  const outlierPaymentSen =
    outlierExcessSen === 0 ? 0 : mulDivHalfUp(outlierExcessSen, tariff.outlierMarginalRateE4, WEIGHT_SCALE);

  return {
    ok: true,
    price: {
      tariffId: tariff.id,
      tariffVersion: tariff.version,
      tariffVersionId: tariff.versionId,
      hospitalCode: hospital.code,
      hospitalClass: hospital.hospitalClass,
      region: hospital.region,
      baseRateRegion: rate.region,
      drg: drg.drg,
      los,
      dischargeStatus: claim.dischargeStatus,
      dischargeKind,
      baseRateSen,
      weight: drg.weight,
      basePaymentSen,
      meanLos: drg.meanLos,
      lowTrim: drg.lowTrim,
      highTrim: drg.highTrim,
      losCase,
      losDays,
      losRate,
      losAdjustmentSen,
      transferPaymentSen,
      transferAdjustmentSen,
      totalChargesSen: charges,
      outlierThresholdSen: tariff.outlierThresholdSen,
      outlierMarginalRate: tariff.outlierMarginalRate,
      outlierExcessSen,
      outlierPaymentSen,
      totalSen: beforeOutlier + outlierPaymentSen,
    },
  };
}

type CheckedClaim = { drg: CompiledDrg; rate: { baseRateSen: number; region: string }; los: number; charges: number | null };

/** Resolves the DRG and base rate of a claim, or says why it cannot be priced. */
function checkClaim(tariff: CompiledTariff, hospital: Hospital, claim: ClaimToPrice): CheckedClaim | Unpriceable {
  const versionId = tariff.versionId;
  const fail = (code: Unpriceable["code"], field: string, message: string): Unpriceable => ({ code, field, message, tariffVersionId: versionId });
  const { los, dischargeDate } = claim;
  if (!Number.isSafeInteger(los) || los < 0) return fail("E_LOS_INVALID", "los", `length of stay ${los} is not a whole number of days >= 0`);
  const charges = claim.totalChargesSen ?? null;
  if (charges !== null && (!Number.isSafeInteger(charges) || charges < 0)) {
    return fail("E_CHARGES_INVALID", "totalChargesSen", `total charges ${charges} are not whole sen >= 0`);
  }
  if (dischargeDate !== undefined && (dischargeDate < tariff.effectiveFrom || (tariff.effectiveTo !== null && dischargeDate > tariff.effectiveTo))) {
    const range = `${tariff.effectiveFrom}..${tariff.effectiveTo ?? ""}`;
    return fail("E_TARIFF_NOT_IN_FORCE", "dischargeDate", `discharge date ${dischargeDate} is outside tariff ${versionId}'s effective range ${range}`);
  }
  const drg = tariff.drgs.get(claim.drg);
  if (!drg) return fail("E_DRG_NOT_IN_TARIFF", "drg", `DRG ${claim.drg} has no weight in tariff ${versionId}`);
  const rate = lookupBaseRate(tariff, hospital.hospitalClass, hospital.region);
  if (!rate) {
    return fail("E_NO_BASE_RATE", "hospitalClass", `tariff ${versionId} has no base rate for hospital class ${hospital.hospitalClass} (region ${hospital.region})`);
  }
  return { drg, rate, los, charges };
}
