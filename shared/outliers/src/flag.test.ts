import { describe, expect, it } from "vitest";
import { buildBaseline } from "./baseline.ts";
import { flagClaim } from "./flag.ts";
import { generateSyntheticClaims, toBaselineClaims } from "./synthetic.ts";
import type { OutlierClaim, TrimPoints } from "./types.ts";

const history = generateSyntheticClaims({ seed: 5, count: 8000, period: "2026-12" });
const baseline = buildBaseline(toBaselineClaims(history), { version: 1, seed: 1, periods: ["2026-12"], trainingSample: 2000, trees: 50 });
const typical = history.find((h) => h.claim.drg === "D001" && h.claim.hospitalClass === "specialist")!;
const trim: TrimPoints = typical.trim;
const claim: OutlierClaim = { ...typical.claim, los: Math.round(trim.meanLos), chargesSen: Math.round(Math.exp(baseline.peers["D001|specialist"].median)) };

describe("flagClaim", () => {
  it("passes a typical claim with no flags", () => {
    expect(flagClaim(claim, trim, baseline).flags).toEqual([]);
  });

  it("flags a stay above the high trim point as los-high, naming the tariff", () => {
    const { flags } = flagClaim({ ...claim, los: trim.highTrim + 1 }, trim, baseline);
    expect(flags.map((f) => f.kind)).toContain("los-high");
    expect(flags.find((f) => f.kind === "los-high")!.reason).toContain(trim.tariffVersionId);
  });

  it("does not flag a stay exactly at the high trim point", () => {
    const { flags } = flagClaim({ ...claim, los: trim.highTrim }, trim, baseline);
    expect(flags.map((f) => f.kind)).not.toContain("los-high");
  });

  it("flags a stay below the low trim point as los-low", () => {
    const { flags } = flagClaim({ ...claim, los: -1 }, { ...trim, lowTrim: 0 }, baseline);
    expect(flags.map((f) => f.kind)).toContain("los-low");
  });

  it("flags charges ten times the peer median as cost-high with the baseline id", () => {
    const { flags } = flagClaim({ ...claim, chargesSen: claim.chargesSen! * 10 }, trim, baseline);
    const cost = flags.find((f) => f.kind === "cost-high")!;
    expect(cost.baselineId).toBe(baseline.id);
    expect(cost.reason).toContain("peers");
  });

  it("answers insufficient peers for a peer group under 30 claims instead of guessing", () => {
    const decision = flagClaim({ ...claim, drg: "RARE", chargesSen: 10 ** 12 }, trim, baseline);
    expect(decision.flags.filter((f) => f.kind !== "los-high")).toEqual([]);
    expect(decision.checks.find((c) => c.check === "cost")).toMatchObject({ outcome: "insufficient-peers", peers: 0 });
    expect(decision.checks.find((c) => c.check === "anomaly")).toMatchObject({ outcome: "insufficient-peers" });
  });

  it("answers insufficient peers at 29 peers", () => {
    const small = { ...baseline, peers: { ...baseline.peers, "D001|specialist": { ...baseline.peers["D001|specialist"], n: 29 } } };
    const decision = flagClaim({ ...claim, chargesSen: claim.chargesSen! * 10 }, trim, small);
    expect(decision.checks.find((c) => c.check === "cost")).toMatchObject({ outcome: "insufficient-peers", peers: 29 });
  });

  it("checks only the trim points when there is no baseline", () => {
    const decision = flagClaim({ ...claim, chargesSen: claim.chargesSen! * 10 }, trim, undefined);
    expect(decision.baselineId).toBeNull();
    expect(decision.flags).toEqual([]);
    expect(decision.checks.map((c) => c.outcome)).toEqual(["pass", "no-baseline", "no-baseline"]);
  });

  it("answers no-charges when the hospital sent no charges", () => {
    const decision = flagClaim({ ...claim, chargesSen: null }, trim, baseline);
    expect(decision.checks.find((c) => c.check === "cost")!.outcome).toBe("no-charges");
  });

  it("decides the same again after the baseline went through JSON", () => {
    const odd = { ...claim, chargesSen: claim.chargesSen! * 3, los: trim.highTrim + 2 };
    const reloaded = JSON.parse(JSON.stringify(baseline));
    expect(flagClaim(odd, trim, reloaded)).toEqual(flagClaim(odd, trim, baseline));
  });
});

describe("review", () => {
  it("holds a claim with a long stay for review", () => {
    expect(flagClaim({ ...claim, los: trim.highTrim + 3 }, trim, baseline).review).toBe(true);
  });

  it("flags a short stay without holding it for review", () => {
    const decision = flagClaim({ ...claim, los: 0 }, { ...trim, lowTrim: 1 }, baseline);
    expect(decision.flags.map((f) => f.kind)).toEqual(["los-low"]);
    expect(decision.review).toBe(false);
  });
});
