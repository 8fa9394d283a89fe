import { describe, expect, it } from "vitest";
import { computePrice, priceClaim, type ClaimToPrice } from "./price-claim.ts";
import { compiledTestTariff, stateHospital } from "./test-helpers.ts";

const tariff = compiledTestTariff();
const price = (claim: Partial<ClaimToPrice>, hospital = stateHospital) => {
  const result = computePrice(tariff, hospital, { drg: "A", los: 5, dischargeStatus: "1", ...claim });
  if (!result.ok) throw new Error(result.error.message);
  return result.price;
};

describe("computePrice", () => {
  it("pays base rate x weight for a stay inside the trim points", () => {
    expect(price({}).totalSen).toBe(400000);
  });
  it("uses the region's own base rate over the class default", () => {
    const p = price({}, { ...stateHospital, region: "Sabah" });
    expect([p.baseRateSen, p.baseRateRegion]).toEqual([440000, "Sabah"]);
  });
  it("deducts the low-day weight for each day below the low trim", () => {
    expect(price({ los: 1 }).losAdjustmentSen).toBe(-40000);
  });
  it("adds the high-day weight for each day above the high trim", () => {
    const p = price({ los: 13 });
    expect([p.losCase, p.losDays, p.losAdjustmentSen]).toEqual(["long-stay", 3, 60000]);
  });
  it("pays a same-day stay the same-day factor of the base payment", () => {
    expect(price({ los: 0 }).totalSen).toBe(200000);
  });
  it("lets a DRG's own same-day factor override the tariff's", () => {
    expect(price({ drg: "DAY", los: 0 }).losAdjustmentSen).toBe(0);
  });
  it("pays a transfer before the mean LOS per diem for LOS + 1 days", () => {
    const p = price({ los: 1, dischargeStatus: "2" });
    expect([p.transferPaymentSen, p.transferAdjustmentSen, p.losAdjustmentSen]).toEqual([160000, -240000, 0]);
  });
  it("caps the per-diem transfer payment at the base payment", () => {
    expect(price({ drg: "DAY", los: 0, dischargeStatus: "2" }).transferAdjustmentSen).toBe(0);
  });
  it("does not apply the transfer rule from the mean LOS on", () => {
    expect(price({ los: 5, dischargeStatus: "2" }).transferPaymentSen).toBeNull();
  });
  it("waives the short-stay deduction for a death when the tariff says so", () => {
    expect(price({ los: 1, dischargeStatus: "5" }).losCase).toBe("death-waived");
  });
  it("applies the short-stay deduction to a death when the tariff does not waive it", () => {
    const strict = compiledTestTariff({
      rules: { ...compiledTestTariff().source.rules, death: { dischargeStatuses: ["5"], waiveShortStay: false } },
    });
    const result = computePrice(strict, stateHospital, { drg: "A", los: 1, dischargeStatus: "5" });
    expect(result.ok && result.price.losAdjustmentSen).toBe(-40000);
  });
  it("pays the marginal rate on charges above payment plus threshold", () => {
    const p = price({ totalChargesSen: 1_400_001 });
    expect([p.outlierExcessSen, p.outlierPaymentSen]).toEqual([1, 1]);
  });
  it("pays no outlier when charges equal payment plus threshold", () => {
    expect(price({ totalChargesSen: 1_400_000 }).outlierPaymentSen).toBe(0);
  });
  it("records the tariff version id on every price", () => {
    expect(price({}).tariffVersionId).toBe("test@1");
  });
  it("keeps the total equal to the sum of its components", () => {
    for (let los = 0; los < 20; los++) {
      for (const dischargeStatus of ["1", "2", "5"]) {
        const p = price({ los, dischargeStatus, totalChargesSen: 1_300_000 + los * 10_007 });
        expect(p.totalSen).toBe(p.basePaymentSen + p.losAdjustmentSen + p.transferAdjustmentSen + p.outlierPaymentSen);
      }
    }
  });
});

describe("unpriceable claims", () => {
  const error = (claim: Partial<ClaimToPrice>, hospital = stateHospital) => {
    const result = computePrice(tariff, hospital, { drg: "A", los: 5, dischargeStatus: "1", ...claim });
    return result.ok ? undefined : result.error;
  };
  it("names a DRG missing from the tariff", () => {
    expect(error({ drg: "ZZ" })).toMatchObject({ code: "E_DRG_NOT_IN_TARIFF", field: "drg", tariffVersionId: "test@1" });
  });
  it("names a hospital class without a base rate", () => {
    expect(error({}, { ...stateHospital, hospitalClass: "military" })).toMatchObject({ code: "E_NO_BASE_RATE", field: "hospitalClass" });
  });
  it("refuses a negative or fractional length of stay", () => {
    expect(error({ los: -1 })?.code).toBe("E_LOS_INVALID");
    expect(error({ los: 1.5 })?.code).toBe("E_LOS_INVALID");
  });
  it("refuses a discharge date outside the tariff's effective range", () => {
    expect(error({ dischargeDate: "2026-12-31" })).toMatchObject({ code: "E_TARIFF_NOT_IN_FORCE", field: "dischargeDate" });
    expect(error({ dischargeDate: "2027-01-01" })).toBeUndefined();
  });
  it("refuses fractional charges", () => {
    expect(error({ totalChargesSen: 10.5 })?.code).toBe("E_CHARGES_INVALID");
  });
});

describe("priceClaim", () => {
  it("states the formula in words with the actual numbers", () => {
    const result = priceClaim(tariff, stateHospital, { drg: "A", los: 1, dischargeStatus: "1" });
    expect(result.ok && result.formula).toContain(
      "LOS adjustment = -(base rate RM 4,000.00 x low-day weight 0.1000 x 1 day) = -RM 400.00",
    );
    expect(result.ok && result.formula).toContain("= RM 3,600.00.");
  });
});
