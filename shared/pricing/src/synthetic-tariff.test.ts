import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { CHS_DRG_LIST } from "./files.ts";
import { generateSyntheticTariff, parseDrgList } from "./synthetic-tariff.ts";
import { compileTariff } from "./tariff.ts";

const hasSharedData = existsSync(CHS_DRG_LIST);

describe("generateSyntheticTariff", () => {
  const codes = ["AA19", "FM11", "FM13", "FM15", "GB29"];
  it("gives the same tariff for the same seed", () => {
    expect(generateSyntheticTariff(codes, { seed: 7 })).toEqual(generateSyntheticTariff(codes, { seed: 7 }));
  });
  it("gives other weights for another seed", () => {
    const a = generateSyntheticTariff(codes, { seed: 7 }).drgs.map((d) => d.weight);
    const b = generateSyntheticTariff(codes, { seed: 8 }).drgs.map((d) => d.weight);
    expect(a).not.toEqual(b);
  });
  it("weights a DRG with MCC (last digit 1) above the same ADRG without (5)", () => {
    const drgs = generateSyntheticTariff(codes, { seed: 7 }).drgs;
    const weight = (code: string) => Number(drgs.find((d) => d.drg === code)!.weight);
    expect(weight("FM11")).toBeGreaterThan(weight("FM15"));
  });
  it("says in its name that it is synthetic", () => {
    expect(generateSyntheticTariff(codes, { seed: 7 }).name).toMatch(/Synthetic/);
  });
});

describe("a synthetic tariff for CHS-DRG 1.1", skipUnless(hasSharedData, `${CHS_DRG_LIST} is absent (the reference data beside the checkout)`), () => {
  it("covers all 628 DRGs and passes every tariff check", () => {
    const codes = parseDrgList(readFileSync(CHS_DRG_LIST, "utf8"));
    expect(codes).toHaveLength(628);
    const compiled = compileTariff(generateSyntheticTariff(codes, { seed: 42 }));
    expect(compiled.ok ? compiled.tariff.drgs.size : compiled.issues).toBe(628);
  });
});
