import { formatRinggit as rm } from "./decimal.ts";
import type { PriceComponents } from "./price-claim.ts";

const signed = (sen: number) => (sen < 0 ? `- ${rm(-sen)}` : `+ ${rm(sen)}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function describeLos(p: PriceComponents): string {
  switch (p.losCase) {
    case "same-day":
      return `Same-day stay (LOS 0): LOS adjustment = -(base payment ${rm(p.basePaymentSen)} x (1 - same-day factor ${p.losRate})) = ${rm(p.losAdjustmentSen)}.`;
    case "short-stay":
      return `LOS ${p.los} is below the low trim point ${p.lowTrim}: LOS adjustment = -(base rate ${rm(p.baseRateSen)} x low-day weight ${p.losRate} x ${plural(p.losDays, "day")}) = ${rm(p.losAdjustmentSen)}.`;
    case "long-stay":
      return `LOS ${p.los} is above the high trim point ${p.highTrim}: LOS adjustment = base rate ${rm(p.baseRateSen)} x high-day weight ${p.losRate} x ${plural(p.losDays, "day")} = ${rm(p.losAdjustmentSen)}.`;
    case "death-waived":
      return p.los === 0
        ? "Same-day stay (LOS 0), but the patient died: the tariff waives the same-day deduction, LOS adjustment = RM 0.00."
        : `LOS ${p.los} is below the low trim point ${p.lowTrim}, but the patient died: the tariff waives the short-stay deduction, LOS adjustment = RM 0.00.`;
    case "transfer-per-diem":
      return `LOS ${p.los} ends in a transfer before the mean LOS ${p.meanLos}: the per-diem transfer rule replaces the LOS rules, LOS adjustment = RM 0.00.`;
    default:
      return `LOS ${p.los} is within the trim points ${p.lowTrim}..${p.highTrim}: LOS adjustment = RM 0.00.`;
  }
}

function describeTransfer(p: PriceComponents): string {
  if (p.transferPaymentSen === null) return "No transfer adjustment: transfer adjustment = RM 0.00.";
  const perDiem = `base payment ${rm(p.basePaymentSen)} / mean LOS ${p.meanLos} x (LOS ${p.los} + 1)`;
  const capped = p.transferPaymentSen === p.basePaymentSen ? ", capped at the base payment" : "";
  return `Transfer payment = ${perDiem} = ${rm(p.transferPaymentSen)}${capped}; transfer adjustment = ${rm(p.transferPaymentSen)} - ${rm(p.basePaymentSen)} = ${rm(p.transferAdjustmentSen)}.`;
}

function describeOutlier(p: PriceComponents): string {
  const before = p.basePaymentSen + p.losAdjustmentSen + p.transferAdjustmentSen;
  if (p.totalChargesSen === null) return "No charges reported: outlier payment = RM 0.00.";
  const trigger = `payment before outlier ${rm(before)} + threshold ${rm(p.outlierThresholdSen)} = ${rm(before + p.outlierThresholdSen)}`;
  if (p.outlierExcessSen === 0) return `Charges ${rm(p.totalChargesSen)} do not exceed ${trigger}: outlier payment = RM 0.00.`;
  return `Charges ${rm(p.totalChargesSen)} exceed ${trigger} by ${rm(p.outlierExcessSen)}: outlier payment = ${rm(p.outlierExcessSen)} x marginal rate ${p.outlierMarginalRate} = ${rm(p.outlierPaymentSen)}.`;
}

/**
 * The formula of a price in words with its actual numbers, so a finance officer can recompute it by hand.
 * Derived only from the components, so a stored price row can be explained again later.
 *
 * @example
 * explainPrice(price)
 * // "Tariff demo@1, DRG DM-2-10, hospital H01-1A2B3C (state, Johor). Base payment = base rate RM 4,000.00 ..."
 */
export function explainPrice(p: PriceComponents): string {
  const rateRow = p.baseRateRegion === "*" ? `${p.hospitalClass}, any region` : `${p.hospitalClass}, ${p.region}`;
  return [
    `Tariff ${p.tariffVersionId}, DRG ${p.drg}, hospital ${p.hospitalCode} (${p.hospitalClass}, ${p.region}), LOS ${p.los}, discharge ${p.dischargeStatus} (${p.dischargeKind}).`,
    `Base payment = base rate ${rm(p.baseRateSen)} (${rateRow}) x cost weight ${p.weight} = ${rm(p.basePaymentSen)}.`,
    describeLos(p),
    describeTransfer(p),
    describeOutlier(p),
    `Total = base ${rm(p.basePaymentSen)} ${signed(p.losAdjustmentSen)} (LOS) ${signed(p.transferAdjustmentSen)} (transfer) ${signed(p.outlierPaymentSen)} (outlier) = ${rm(p.totalSen)}.`,
    "Each component is rounded once, half up, to the sen.",
  ].join(" ");
}
