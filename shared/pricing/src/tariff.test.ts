import { describe, expect, it } from "vitest";
import { compileTariff, versionInForce } from "./tariff.ts";
import { testTariff } from "./test-helpers.ts";

describe("compileTariff", () => {
  it("holds weights as scaled integers", () => {
    const compiled = compileTariff(testTariff());
    expect(compiled.ok && compiled.tariff.drgs.get("A")).toMatchObject({ weightE4: 10000, meanLosE2: 500 });
  });
  it("refuses a DRG listed twice", () => {
    const base = testTariff();
    const compiled = compileTariff({ ...base, drgs: [...base.drgs, base.drgs[0]] });
    expect(compiled.ok === false && compiled.issues[0]).toEqual({ path: "drgs.2.drg", message: "DRG A is listed twice" });
  });
  it("refuses a low-day weight that could deduct more than the base payment", () => {
    const base = testTariff();
    const drgs = [{ ...base.drgs[0], lowDayWeight: "0.6000" }];
    const compiled = compileTariff({ ...base, drgs });
    expect(compiled.ok === false && compiled.issues[0].path).toBe("drgs.0.lowDayWeight");
  });
  it("refuses a weight with more than four decimal places", () => {
    const base = testTariff();
    const compiled = compileTariff({ ...base, drgs: [{ ...base.drgs[0], weight: "1.23456" }] });
    expect(compiled.ok === false && compiled.issues[0].path).toBe("drgs.0.weight");
  });
  it("refuses a discharge status that is both a transfer and a death", () => {
    const base = testTariff();
    const rules = { ...base.rules, death: { dischargeStatuses: ["2"], waiveShortStay: true } };
    expect(compileTariff({ ...base, rules }).ok).toBe(false);
  });
});

describe("versionInForce", () => {
  const versions = [
    { version: 1, effectiveFrom: "2027-01-01", effectiveTo: null },
    { version: 2, effectiveFrom: "2027-07-01", effectiveTo: "2027-12-31" },
  ];
  it("picks the latest version whose inclusive range covers the date", () => {
    expect(versionInForce(versions, "2027-06-30")?.version).toBe(1);
    expect(versionInForce(versions, "2027-07-01")?.version).toBe(2);
    expect(versionInForce(versions, "2027-12-31")?.version).toBe(2);
    expect(versionInForce(versions, "2028-01-01")?.version).toBe(1);
  });
  it("finds nothing before the first version starts", () => {
    expect(versionInForce(versions, "2026-12-31")).toBeUndefined();
  });
});
