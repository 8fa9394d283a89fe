import { describe, expect, it } from "vitest";
import { CATALOGUES, langOf, translator } from "./index.ts";
import { ringgit } from "../layout.ts";
import { formulaLines } from "../pages/claim.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("every language has every message, with the same placeholders as English", () => {
    for (const [lang, catalogue] of Object.entries(CATALOGUES)) {
      for (const [key, text] of Object.entries(CATALOGUES.en)) {
        const other = (catalogue as Record<string, string>)[key];
        expect(other, `${lang}.${key}`).toBeTruthy();
        expect(placeholders(other), `${lang}.${key}`).toEqual(placeholders(text));
      }
    }
  });

  it("the language is the cookie's, else Accept-Language's, else English", () => {
    expect(langOf("ms", "en")).toBe("ms");
    expect(langOf(undefined, "ms-MY,en;q=0.5")).toBe("ms");
    expect(langOf("fr", "fr-FR")).toBe("en");
  });

  it("fills placeholders", () => expect(translator("ms")("periodTitle", { period: "2027-01" })).toBe("Tempoh 2027-01"));
});

describe("money and the price formula in words", () => {
  it("shows sen as ringgit exactly", () => {
    expect(ringgit("369600")).toBe("RM 3,696.00");
    expect(ringgit("-5")).toBe("-RM 0.05");
    expect(ringgit(null)).toBe("–");
  });

  it("says each component that applies, then the total", () => {
    const lines = formulaLines(translator("en"), { baseRateSen: "420000", weight: "0.8800", basePaymentSen: "369600", losAdjustmentSen: "0", outlierPaymentSen: "12000", totalChargesSen: "900000", outlierThresholdSen: "800000", outlierMarginalRate: "0.6", totalSen: "381600", errorCode: null });
    expect(lines).toEqual([
      "Base payment = base rate RM 4,200.00 × cost weight 0.8800 = RM 3,696.00",
      "Cost outlier: charges RM 9,000.00 above the threshold RM 8,000.00 × 0.6 = RM 120.00",
      "Total = RM 3,816.00",
    ]);
  });
});
