import { computePrice, type ClaimToPrice, type PriceResult } from "./price-claim.ts";
import type { Hospital } from "./register-schema.ts";
import type { CompiledTariff } from "./tariff.ts";

/** A grouped claim that names its hospital by register code. */
export type RegisteredClaim = ClaimToPrice & { hospitalCode: string };

/**
 * A batch pricer for one tariff version and one register snapshot (see indexRegister): resolves each
 * claim's hospital by code, then prices it. A code missing from the register is unpriceable with
 * `E_HOSPITAL_NOT_IN_REGISTER` rather than an exception, so one bad claim never fails its chunk.
 *
 * @example
 * const price = createPricer(tariff, indexRegister(register, "2027-01-31"));
 * const results = chunk.map(price);
 */
export function createPricer(tariff: CompiledTariff, hospitals: ReadonlyMap<string, Hospital>): (claim: RegisteredClaim) => PriceResult {
  return (claim) => {
    const hospital = hospitals.get(claim.hospitalCode);
    if (hospital) return computePrice(tariff, hospital, claim);
    return {
      ok: false,
      error: {
        code: "E_HOSPITAL_NOT_IN_REGISTER",
        field: "hospitalCode",
        message: `hospital ${claim.hospitalCode} is not in the hospital register in force`,
        tariffVersionId: tariff.versionId,
      },
    };
  };
}
