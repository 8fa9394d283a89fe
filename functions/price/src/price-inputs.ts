import { computePrice, type PriceComponents } from "@casemix/pricing";
import type { PricingLookup } from "./pricing-config.ts";

/** What pricing needs of one grouped claim version (kept on its price rows, 0640_price_inputs.sql). */
export type PricingInput = {
  claimId: string;
  version: number;
  hospitalCode: string;
  dischargeDate: string;
  period: string;
  drg: string;
  los: number;
  dischargeStatus: string;
  totalChargesSen: number | null;
  batchId: string | null;
  rowNo: number | null;
};

/** One priced (or unpriceable) claim version, ready to append to `price`. */
export type PricedClaim = {
  input: PricingInput;
  runId: string;
  tariffVersionId: string;
  registerVersionId: string | null;
  /** Absent when the claim is unpriceable (then `errorCode` says why and `totalSen` is 0). */
  price?: PriceComponents;
  errorCode?: string;
  errorMessage?: string;
  totalSen: number;
  previousTotalSen: number | null;
  deltaSen: number;
};

/**
 * Prices claim versions with the tariff and register in force on each discharge date. Pure: the
 * lookup holds the versions; `runOf` says which run each claim's price belongs to; `previous` holds the
 * current price of each claim, so every row records its difference (an adjustment run's point).
 * A claim with no tariff or register in force is unpriceable with a code, never an exception.
 */
export function priceInputs(
  inputs: readonly PricingInput[],
  lookup: PricingLookup,
  runOf: (input: PricingInput) => string,
  previous: ReadonlyMap<string, number> = new Map(),
): PricedClaim[] {
  return inputs.map((input) => {
    const runId = runOf(input);
    const prev = previous.get(input.claimId);
    const previousTotalSen = prev === undefined ? null : prev;
    const unpriceable = (code: string, message: string, tariffVersionId: string, registerVersionId: string | null): PricedClaim => ({
      input, runId, tariffVersionId, registerVersionId, errorCode: code, errorMessage: message, totalSen: 0,
      previousTotalSen, deltaSen: -(previousTotalSen ?? 0) || 0,
    });
    const tariff = lookup.tariffOn(input.dischargeDate);
    if (!tariff) return unpriceable("E_NO_TARIFF_IN_FORCE", `no tariff is in force on ${input.dischargeDate}`, "none", null);
    const register = lookup.hospitalsOn(input.dischargeDate);
    if (!register) return unpriceable("E_NO_REGISTER_IN_FORCE", `no hospital register is in force on ${input.dischargeDate}`, tariff.versionId, null);
    const hospital = register.hospitals.get(input.hospitalCode);
    if (!hospital) {
      return unpriceable("E_HOSPITAL_NOT_IN_REGISTER", `hospital ${input.hospitalCode} is not in register ${register.registerVersionId}`, tariff.versionId, register.registerVersionId);
    }
    const result = computePrice(tariff, hospital, {
      drg: input.drg,
      los: input.los,
      dischargeStatus: input.dischargeStatus,
      totalChargesSen: input.totalChargesSen,
    });
    if (!result.ok) return unpriceable(result.error.code, result.error.message, tariff.versionId, register.registerVersionId);
    const totalSen = result.price.totalSen;
    return {
      input, runId, tariffVersionId: tariff.versionId, registerVersionId: register.registerVersionId, price: result.price,
      totalSen, previousTotalSen, deltaSen: totalSen - (previousTotalSen ?? 0),
    };
  });
}

/** Sum of totals as an exact decimal string (BigInt: a period's total may pass 2^53 sen). */
export function sumSen(values: Iterable<number | bigint | string>): bigint {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  return sum;
}
