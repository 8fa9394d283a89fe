import { describe, expect, it } from "vitest";
import { groupClaim } from "./group.ts";
import { claim, demo } from "./test-helpers.ts";

const def = demo();

describe("groupClaim with the demo definition", () => {
  it("a medical principal without procedures groups to its medical ADRG", () => {
    const r = groupClaim(def, claim({ principalDx: "I21.9" }));
    expect([r.mdc, r.adrg, r.drg, r.status, r.reason]).toEqual(["05", "05M1", "05M1-I", "grouped", "OK"]);
  });

  it("a surgical ADRG is tried before the medical ones of its MDC", () => {
    expect(groupClaim(def, claim({ principalDx: "K35.8", procedures: ["47.01"] })).adrg).toBe("06S1");
  });

  it("an MDC tried earlier wins: a tracheostomy as main procedure goes to the pre-MDC", () => {
    expect(groupClaim(def, claim({ principalDx: "K35.8", procedures: ["31.1", "47.01"] })).adrg).toBe("PRES1");
  });

  it("a procedure that is not the main one does not make the claim surgical", () => {
    expect(groupClaim(def, claim({ principalDx: "K29.7", procedures: ["88.72", "51.23"] })).adrg).toBe("06M1");
  });

  it("a two-procedure rule holds with the procedures in any position", () => {
    expect(groupClaim(def, claim({ principalDx: "I21.9", procedures: ["88.72", "36.07", "00.66"] })).adrg).toBe("05S1");
  });

  it("a secondary of the highest level gives the highest-severity DRG", () => {
    const r = groupClaim(def, claim({ principalDx: "I63.9", secondaryDx: ["E11.9", "J18.9"] }));
    expect([r.drg, r.severity]).toEqual(["01M1-III", "III"]);
  });

  it("a secondary of a lower level gives the middle DRG", () => {
    expect(groupClaim(def, claim({ principalDx: "I63.9", secondaryDx: ["E87.1"] })).drg).toBe("01M1-II");
  });

  it("in an ADRG split only on the top level, a lower-level secondary gives the base DRG", () => {
    expect(groupClaim(def, claim({ principalDx: "G40.9", secondaryDx: ["E87.1"], procedures: ["01.31"] })).drg).toBe("01S1-I");
  });

  it("a secondary excluded by the principal's exclusion group does not raise severity", () => {
    const r = groupClaim(def, claim({ principalDx: "I10", secondaryDx: ["I48.9"] }));
    expect([r.drg, r.severity]).toEqual(["05M2-I", null]);
    expect(r.trace?.excludedCodes).toEqual([{ code: "I48.9", level: "II", exclusion: "CARDIAC" }]);
  });

  it("the same secondary counts when the principal is in another exclusion group", () => {
    const r = groupClaim(def, claim({ principalDx: "K29.7", secondaryDx: ["I48.9"] }));
    expect([r.drg, r.severity]).toEqual(["06M1-II", "II"]);
    expect(r.trace?.severityCodes).toEqual([{ code: "I48.9", level: "II" }]);
  });

  it("unknown secondary codes are ignored by grouping", () => {
    expect(groupClaim(def, claim({ principalDx: "I63.9", secondaryDx: ["XXX"] })).drg).toBe("01M1-I");
  });

  it("a newborn under 2000 g with prematurity matches the newborn weight rule", () => {
    const r = groupClaim(def, claim({ ageYears: 0, ageDays: 3, birthWeight: 1800, principalDx: "Z38.0", secondaryDx: ["P07.3"] }));
    expect(r.adrg).toBe("15M1");
  });

  it("a newborn of 2000 g falls to the other-newborn rule (the weight band is half-open)", () => {
    const r = groupClaim(def, claim({ ageYears: 0, ageDays: 3, birthWeight: 2000, principalDx: "Z38.0", secondaryDx: ["P07.3"] }));
    expect(r.adrg).toBe("15M2");
  });

  it("a claim failing an input check is check_failed with the check's reason", () => {
    const r = groupClaim(def, claim({ ageYears: 0, ageDays: 3, birthWeight: null, principalDx: "Z38.0" }));
    expect([r.status, r.reason, r.mdc, r.adrg, r.drg]).toEqual(["check_failed", "E_BIRTH_WEIGHT_MISSING", "00", "00X", "00X-0"]);
    expect(r.trace?.checksFailed).toEqual(["check.newborn-weight"]);
  });

  it("a claim without sex is check_failed", () => {
    expect(groupClaim(def, claim({ sex: null, principalDx: "I21.9" })).reason).toBe("E_SEX_MISSING");
  });

  it("a principal that no MDC accepts is ungroupable with E_NO_MDC", () => {
    const r = groupClaim(def, claim({ principalDx: "W19" }));
    expect([r.status, r.reason, r.drg]).toEqual(["ungroupable", "E_NO_MDC", "00X-0"]);
  });

  it("a sex-gated MDC is skipped for the other sex", () => {
    expect(groupClaim(def, claim({ sex: "M", ageYears: 30, principalDx: "O80" })).reason).toBe("E_NO_MDC");
    expect(groupClaim(def, claim({ sex: "F", ageYears: 30, principalDx: "O80" })).adrg).toBe("14M1");
  });

  it("an MDC entered where no ADRG holds is ungroupable with E_NO_ADRG", () => {
    const r = groupClaim(def, claim({ principalDx: "G93.1" }));
    expect([r.status, r.reason]).toEqual(["ungroupable", "E_NO_ADRG"]);
    expect(r.trace?.rulesTried).toEqual(["01.S1", "01.M1", "01.M2"]);
  });

  it("the trace lists the MDCs entered, the rules tried in order and the one that matched", () => {
    const t = groupClaim(def, claim({ principalDx: "I50.9", secondaryDx: ["N17.9"] })).trace;
    expect(t).toEqual({
      checksFailed: [],
      mdcsEntered: ["mdc.05"],
      rulesTried: ["05.S1", "05.P1", "05.M1", "05.M2"],
      matchedRule: "05.M2",
      severityCodes: [{ code: "N17.9", level: "III" }],
      excludedCodes: [],
    });
  });

  it.each([
    ["grouped", { principalDx: "I50.9", secondaryDx: ["N17.9"] }],
    ["check_failed", { sex: null, principalDx: "I50.9" }],
    ["ungroupable without an MDC", { principalDx: "W19" }],
    ["ungroupable without an ADRG", { principalDx: "G93.1" }],
  ])("without trace a %s result is the same and the trace is null", (_kind, c) => {
    const { trace, ...withTrace } = groupClaim(def, claim(c));
    expect(trace).not.toBeNull();
    expect(groupClaim(def, claim(c), { trace: false })).toEqual({ ...withTrace, trace: null });
  });
});
