import { describe, expect, it } from "vitest";
import { computePrice } from "./price-claim.ts";
import { compileTariff } from "./tariff.ts";
import { stateHospital, testTariff } from "./test-helpers.ts";
import type { DrgTariff } from "./tariff-schema.ts";

// A second, deliberately naive statement of the rules in BigInt fractions (no scaled-integer shortcuts),
// run against the engine on many random DRGs and claims: catches rounding slips the fixture might miss.
const halfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
const dec = (text: string) => {
  const [whole, fraction = ""] = text.split(".");
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
};

function reference(rate: number, drg: DrgTariff, los: number, status: string, charges: number) {
  const w = dec(drg.weight);
  const base = halfUp(BigInt(rate) * w.num, w.den);
  const mean = dec(drg.meanLos);
  let losAdj = 0n;
  let transferAdj = 0n;
  if (status === "2" && BigInt(los) * mean.den < mean.num) {
    const perDiem = halfUp(base * BigInt(los + 1) * mean.den, mean.num);
    transferAdj = (perDiem < base ? perDiem : base) - base;
  } else if (los === 0 && status !== "5") {
    const f = dec(drg.sameDayFactor ?? "0.5000");
    losAdj = -halfUp(base * (f.den - f.num), f.den);
  } else if (los > 0 && los < drg.lowTrim && status !== "5") {
    const d = dec(drg.lowDayWeight);
    losAdj = -halfUp(BigInt(rate) * d.num * BigInt(drg.lowTrim - los), d.den);
  } else if (los > drg.highTrim) {
    const d = dec(drg.highDayWeight);
    losAdj = halfUp(BigInt(rate) * d.num * BigInt(los - drg.highTrim), d.den);
  }
  const before = base + losAdj + transferAdj;
  const excess = BigInt(charges) - before - 1_000_000n;
  const outlier = excess > 0n ? halfUp(excess * 8n, 10n) : 0n;
  return [base, losAdj, transferAdj, outlier, before + outlier].map(Number);
}

describe("the engine against a naive BigInt restatement of the rules", () => {
  it("agrees on every component for 20,000 random DRGs, rates and claims", () => {
    let seed = 99;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let i = 0; i < 200; i++) {
      const weightE4 = 1000 + random(90000);
      const lowTrim = random(6);
      const highTrim = lowTrim + 1 + random(40);
      const meanE2 = lowTrim * 100 + random((highTrim - lowTrim) * 100 + 1);
      const drg: DrgTariff = {
        drg: `R${i}`,
        weight: (weightE4 / 10000).toFixed(4),
        meanLos: (Math.max(meanE2, 1) / 100).toFixed(2),
        lowTrim,
        highTrim,
        lowDayWeight: (Math.floor(weightE4 / Math.max(lowTrim, 1) / (1 + random(4))) / 10000).toFixed(4),
        highDayWeight: (random(5000) / 10000).toFixed(4),
        ...(random(3) === 0 ? { sameDayFactor: (random(10001) / 10000).toFixed(4) } : {}),
      };
      const rate = 100_000 + random(900_000);
      const compiled = compileTariff(testTariff({ drgs: [drg], baseRates: [{ hospitalClass: "state", region: "*", baseRateSen: rate }] }));
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
      for (let j = 0; j < 100; j++) {
        const los = random(highTrim + 10);
        const status = ["1", "2", "5"][random(3)];
        const charges = random(4_000_000);
        const result = computePrice(compiled.tariff, stateHospital, { drg: drg.drg, los, dischargeStatus: status, totalChargesSen: charges });
        if (!result.ok) throw new Error(result.error.message);
        const p = result.price;
        expect([p.basePaymentSen, p.losAdjustmentSen, p.transferAdjustmentSen, p.outlierPaymentSen, p.totalSen]).toEqual(
          reference(rate, drg, los, status, charges),
        );
      }
    }
  });
});
