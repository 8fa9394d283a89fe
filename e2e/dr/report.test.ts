import { describe, expect, it } from "vitest";
import { formatDrill, missedTargets } from "./report.ts";
import type { DrillReport } from "./run-drill.ts";

const report = (o: Partial<DrillReport>): DrillReport => ({
  claims: 1000, beforeBackup: 800, backupSeconds: 1, rpoSeconds: 2, rtoSeconds: 30, restoreSeconds: 20, rewound: 5, retakenBatches: 0, retakenClaims: 0, lostClaims: 10, problems: [], ...o,
});

describe("the drill's report", () => {
  it("misses a target when RPO, RTO or a claim is off, and only then", () => {
    expect(missedTargets(report({}))).toEqual([]);
    expect(missedTargets(report({ rpoSeconds: 61 }))).toEqual(["RPO 61.0 s over 60 s"]);
    expect(missedTargets(report({ rtoSeconds: 601 }))).toEqual(["RTO 601.0 s over 600 s"]);
    expect(missedTargets(report({ problems: ["a.csv: final 1, manifest 2"] }))).toEqual(["1 files differ from the manifest"]);
  });

  it("a restored point past the last acknowledged commit is an RPO of 0, saying by how much", () => {
    const text = formatDrill(report({ rpoSeconds: -0.5 }));
    expect(text).toContain("RPO 0.0 s");
    expect(text).toContain("0.5 s past the last commit acknowledged before the crash");
    expect(missedTargets(report({ rpoSeconds: -0.5 }))).toEqual([]);
  });
});
