import { describe, expect, it } from "vitest";
import { buildBaseline } from "./baseline.ts";
import { generateSyntheticClaims, toBaselineClaims } from "./synthetic.ts";

const claims = toBaselineClaims([
  ...generateSyntheticClaims({ seed: 1, count: 3000, period: "2026-10" }),
  ...generateSyntheticClaims({ seed: 2, count: 3000, period: "2026-11" }),
]);
const options = { version: 3, seed: 2027, periods: ["2026-10"], trainingSample: 1000, trees: 20 };

describe("buildBaseline", () => {
  it("learns only from the periods it is given", () => {
    const baseline = buildBaseline(claims, options);
    expect(baseline.periods).toEqual(["2026-10"]);
    expect(baseline.claims).toBe(3000);
  });

  it("gives the same id and content for the same claims in another order", () => {
    const a = buildBaseline(claims, options);
    const b = buildBaseline([...claims].reverse(), options);
    expect(b.id).toBe(a.id);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("gives another id for another seed", () => {
    expect(buildBaseline(claims, { ...options, seed: 1 }).id).not.toBe(buildBaseline(claims, options).id);
  });

  it("carries its version in its id", () => {
    expect(buildBaseline(claims, options).id).toMatch(/^obl_v3_[0-9a-f]{16}$/);
  });

  it("trains the forest on a sample no larger than asked", () => {
    expect(buildBaseline(claims, options).trainedOn).toBe(1000);
  });

  it("keeps peer statistics per DRG and hospital class", () => {
    const baseline = buildBaseline(claims, options);
    const total = Object.values(baseline.peers).reduce((s, p) => s + p.n, 0);
    expect(total).toBe(3000);
    expect(Object.keys(baseline.peers).every((k) => /^D\d{3}\|(state|specialist|district)$/.test(k))).toBe(true);
  });
});
