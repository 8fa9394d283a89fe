import { describe, expect, it } from "vitest";
import { compileAll, configKeyOf, daysOfPeriod, demoPricingConfig } from "./pricing-config.ts";

describe("versions in force over a period", () => {
  const demo = demoPricingConfig();

  it("lists every day of a month, leap February included", () => {
    expect(daysOfPeriod("2028-02")).toHaveLength(29);
    expect(daysOfPeriod("2027-02").at(-1)).toBe("2027-02-28");
  });

  it("a new tariff version in force in the period changes the period's key", () => {
    const v2 = compileAll([{ ...demo.tariffs[0].source, version: 2 }]);
    const before = configKeyOf(demo, "2027-01");
    const after = configKeyOf({ ...demo, tariffs: [...demo.tariffs, ...v2] }, "2027-01");
    expect(after.key).not.toBe(before.key);
    expect(after.tariffVersionIds).toEqual(["my-demo@2"]);
  });

  it("a version starting after the period leaves its key alone", () => {
    const later = compileAll([{ ...demo.tariffs[0].source, version: 2, effectiveFrom: "2027-02-01" }]);
    expect(configKeyOf({ ...demo, tariffs: [...demo.tariffs, ...later] }, "2027-01").key).toBe(configKeyOf(demo, "2027-01").key);
  });

  it("a version starting mid-month adds its id to the period's tariffs", () => {
    const mid = compileAll([{ ...demo.tariffs[0].source, version: 2, effectiveFrom: "2027-01-16" }]);
    expect(configKeyOf({ ...demo, tariffs: [...demo.tariffs, ...mid] }, "2027-01").tariffVersionIds).toEqual(["my-demo@1", "my-demo@2"]);
  });
});
