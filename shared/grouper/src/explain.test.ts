import { describe, expect, it } from "vitest";
import { listEdits } from "./edits.ts";
import { formatExplanation } from "./explain.ts";
import { groupClaim } from "./group.ts";
import { claim, demo } from "./test-helpers.ts";

const def = demo();

describe("formatExplanation", () => {
  it("shows the result, every rule tried, the matching rule and the excluded codes", () => {
    const c = claim({ principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"] });
    const text = formatExplanation(def, c, groupClaim(def, c));
    expect(text).toContain("MDC 05, ADRG 05M2, DRG 05M2-III");
    expect(text).toMatch(/mdc\.PRE\s+no/);
    expect(text).toMatch(/mdc\.05\s+entered/);
    expect(text).toMatch(/rule 05\.M1\s+no/);
    expect(text).toMatch(/rule 05\.M2\s+MATCHED/);
    expect(text).toContain("counts     N17.9 (III)");
    expect(text).toContain("excluded   I48.9 (II) by exclusion CARDIAC");
    expect(text).toContain("ILLUSTRATIVE");
  });

  it("shows an MDC that was entered without a matching ADRG as falling through", () => {
    const c = claim({ principalDx: "G93.1" });
    const text = formatExplanation(def, c, groupClaim(def, c));
    expect(text).toContain("ungroupable (E_NO_ADRG)");
    expect(text).toMatch(/mdc\.01\s+entered\n\s+rule 01\.S1\s+no\n\s+rule 01\.M1\s+no\n\s+rule 01\.M2\s+no\n\s+\(no ADRG rule holds/);
  });

  it("names the failed check and the edits", () => {
    const c = claim({ sex: null, principalDx: "O80" });
    const text = formatExplanation(def, c, groupClaim(def, c), listEdits(def, claim({ principalDx: "O80" })));
    expect(text).toContain("check.sex-missing failed: sex is empty");
    expect(text).toContain("E_DX_SEX");
  });
});
