import { describe, expect, it } from "vitest";
import { createPricer } from "./pricer.ts";
import { compiledTestTariff, stateHospital } from "./test-helpers.ts";

describe("createPricer", () => {
  const price = createPricer(compiledTestTariff(), new Map([[stateHospital.code, stateHospital]]));
  it("prices a claim at the hospital its code names", () => {
    const result = price({ hospitalCode: stateHospital.code, drg: "A", los: 5, dischargeStatus: "1" });
    expect(result.ok && result.price.totalSen).toBe(400000);
  });
  it("returns E_HOSPITAL_NOT_IN_REGISTER for an unknown hospital code", () => {
    const result = price({ hospitalCode: "H99-NOPE", drg: "A", los: 5, dischargeStatus: "1" });
    expect(result.ok === false && result.error.code).toBe("E_HOSPITAL_NOT_IN_REGISTER");
  });
});
