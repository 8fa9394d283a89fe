import { describe, expect, it } from "vitest";
import { indexRegister } from "@casemix/pricing";
import { priceInputs, sumSen, type PricingInput } from "./price-inputs.ts";
import { createPricingLookup, demoPricingConfig } from "./pricing-config.ts";

const config = demoPricingConfig();
const lookup = createPricingLookup(config);
const hospital = [...indexRegister(config.registers[0], "2027-01-15").values()].find((h) => h.hospitalClass === "state")!;
const input = (o: Partial<PricingInput> = {}): PricingInput => ({
  claimId: "clm_1", version: 1, hospitalCode: hospital.code, dischargeDate: "2027-01-15", period: "2027-01", drg: "05M2-I", los: 3,
  dischargeStatus: "1", totalChargesSen: null, batchId: "bat_1", rowNo: 1, ...o,
});

describe("pricing claim versions", () => {
  it("records the tariff and register versions in force and every component", () => {
    const [p] = priceInputs([input()], lookup, () => "run_bat_1");
    expect(p).toMatchObject({ runId: "run_bat_1", tariffVersionId: "my-demo@1", registerVersionId: expect.stringMatching(/@1$/) });
    expect(p.price!.basePaymentSen + p.price!.losAdjustmentSen + p.price!.transferAdjustmentSen + p.price!.outlierPaymentSen).toBe(p.totalSen);
  });

  it("a repriced claim records the difference from its current price", () => {
    const [first] = priceInputs([input()], lookup, () => "run_a");
    const [again] = priceInputs([input({ los: 9 })], lookup, () => "run_b", new Map([["clm_1", first.totalSen]]));
    expect(again.previousTotalSen).toBe(first.totalSen);
    expect(again.deltaSen).toBe(again.totalSen - first.totalSen);
  });

  it("a hospital missing from the register is unpriceable with a code, not an exception", () => {
    const [p] = priceInputs([input({ hospitalCode: "H99-000000" })], lookup, () => "run_a");
    expect(p).toMatchObject({ errorCode: "E_HOSPITAL_NOT_IN_REGISTER", totalSen: 0 });
  });

  it("a discharge before every tariff version is unpriceable with E_NO_TARIFF_IN_FORCE", () => {
    const [p] = priceInputs([input({ dischargeDate: "2019-12-31", period: "2019-12" })], lookup, () => "run_a");
    expect(p.errorCode).toBe("E_NO_TARIFF_IN_FORCE");
  });

  it("an unpriceable correction of a paid claim records the whole payment as a negative difference", () => {
    const [p] = priceInputs([input({ drg: "99Z9-9" })], lookup, () => "run_a", new Map([["clm_1", 123456]]));
    expect(p).toMatchObject({ errorCode: "E_DRG_NOT_IN_TARIFF", deltaSen: -123456 });
  });

  it("sums sen exactly beyond 2^53", () => {
    expect(sumSen([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "2"]).toString()).toBe("18014398509481984");
  });
});
