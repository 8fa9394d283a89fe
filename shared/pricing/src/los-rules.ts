import { mulDivHalfUp } from "./decimal.ts";
import { MEAN_LOS_SCALE, WEIGHT_SCALE, type CompiledDrg } from "./tariff.ts";

/** How the length of stay was paid. */
export type LosCase = "inlier" | "short-stay" | "long-stay" | "same-day" | "death-waived" | "transfer-per-diem";
export type DischargeKind = "normal" | "transfer" | "death";

/** The LOS and transfer components of a price (README.md "Pricing rules" 3 to 7). */
export type LosOutcome = {
  losCase: LosCase;
  losDays: number;
  losRate: string | null;
  losAdjustmentSen: number;
  transferPaymentSen: number | null;
  transferAdjustmentSen: number;
};

const outcome = (losCase: LosCase, losDays = 0, losRate: string | null = null, losAdjustmentSen = 0): LosOutcome => ({
  losCase,
  losDays,
  losRate,
  losAdjustmentSen,
  transferPaymentSen: null,
  transferAdjustmentSen: 0,
});

/**
 * Applies the transfer, same-day, short-stay (with the death waiver) and long-stay rules, in that order
 * of precedence. Deductions are rounded on their magnitude and negated with `0 -`, which never gives -0.
 */
export function applyLosRules(
  drg: CompiledDrg,
  baseRateSen: number,
  basePaymentSen: number,
  los: number,
  kind: DischargeKind,
  deathWaivesShortStay: boolean,
): LosOutcome {
  if (kind === "transfer" && los * MEAN_LOS_SCALE < drg.meanLosE2) {
    // Per diem for LOS + 1 days replaces the base payment and the short-stay rules (IPPS transfer policy).
    const perDiemTotal = mulDivHalfUp(basePaymentSen, (los + 1) * MEAN_LOS_SCALE, drg.meanLosE2);
    const transferPaymentSen = perDiemTotal < basePaymentSen ? perDiemTotal : basePaymentSen;
    return { ...outcome("transfer-per-diem"), transferPaymentSen, transferAdjustmentSen: transferPaymentSen - basePaymentSen };
  }
  const waived = kind === "death" && deathWaivesShortStay;
  if (los === 0) {
    if (waived) return outcome("death-waived");
    const cut = mulDivHalfUp(basePaymentSen, WEIGHT_SCALE - drg.sameDayFactorE4, WEIGHT_SCALE);
    return outcome("same-day", 0, drg.sameDayFactor, 0 - cut);
  }
  if (los < drg.lowTrim) {
    if (waived) return outcome("death-waived");
    const days = drg.lowTrim - los;
    return outcome("short-stay", days, drg.lowDayWeight, 0 - mulDivHalfUp(baseRateSen, drg.lowDayWeightE4 * days, WEIGHT_SCALE));
  }
  if (los > drg.highTrim) {
    const days = los - drg.highTrim;
    return outcome("long-stay", days, drg.highDayWeight, mulDivHalfUp(baseRateSen, drg.highDayWeightE4 * days, WEIGHT_SCALE));
  }
  return outcome("inlier");
}
