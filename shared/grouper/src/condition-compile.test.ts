import { describe, expect, it } from "vitest";
import { compileCondition, type ClaimView, type CompiledLists } from "./condition-compile.ts";
import { claim } from "./test-helpers.ts";
import type { Claim, Condition } from "./types.ts";

// Diagnosis ids: A=0, B=1, C=2; procedure ids: P=0, Q=1. Lists hold ids.
const DX: Record<string, number> = { A: 0, B: 1, C: 2 };
const PX: Record<string, number> = { P: 0, Q: 1 };
const lists: CompiledLists = {
  sets: new Map([
    ["dxA", new Set([0])],
    ["dxB", new Set([1])],
    ["pxP", new Set([0])],
    ["regions", new Set([0, 1, 2])],
  ]),
  groups: new Map([["regions", new Map([[0, 0], [1, 0], [2, 1]])]]), // A and B in region 0, C in region 1
};

function holds(cond: Condition, c: Partial<Claim>): boolean {
  const cl = claim(c);
  const v: ClaimView = {
    claim: cl,
    dx: [cl.principalDx ? (DX[cl.principalDx] ?? -1) : -1, ...cl.secondaryDx.map((d) => DX[d] ?? -1)],
    px: cl.procedures.map((p) => PX[p] ?? -1),
  };
  return compileCondition(cond, lists)(v);
}

describe("rule conditions", () => {
  it("always holds", () => expect(holds({ always: true }, {})).toBe(true));

  it("principalIn tests only the principal diagnosis", () => {
    expect(holds({ principalIn: "dxA" }, { principalDx: "A" })).toBe(true);
    expect(holds({ principalIn: "dxA" }, { principalDx: "B", secondaryDx: ["A"] })).toBe(false);
  });

  it("secondaryIn tests only the secondary diagnoses", () => {
    expect(holds({ secondaryIn: "dxA" }, { principalDx: "B", secondaryDx: ["A"] })).toBe(true);
    expect(holds({ secondaryIn: "dxA" }, { principalDx: "A" })).toBe(false);
  });

  it("anyDiagnosisIn tests the principal and the secondaries", () => {
    expect(holds({ anyDiagnosisIn: "dxA" }, { principalDx: "B", secondaryDx: ["A"] })).toBe(true);
    expect(holds({ anyDiagnosisIn: "dxA" }, { principalDx: "A" })).toBe(true);
    expect(holds({ anyDiagnosisIn: "dxA" }, { principalDx: "B" })).toBe(false);
  });

  it("mainProcedureIn tests only the first procedure", () => {
    expect(holds({ mainProcedureIn: "pxP" }, { procedures: ["P", "Q"] })).toBe(true);
    expect(holds({ mainProcedureIn: "pxP" }, { procedures: ["Q", "P"] })).toBe(false);
    expect(holds({ mainProcedureIn: "pxP" }, { procedures: [] })).toBe(false);
  });

  it("anyProcedureIn tests every procedure", () => {
    expect(holds({ anyProcedureIn: "pxP" }, { procedures: ["Q", "P"] })).toBe(true);
    expect(holds({ anyProcedureIn: "pxP" }, { procedures: ["Q"] })).toBe(false);
  });

  it("an unknown code matches no list", () => {
    expect(holds({ principalIn: "dxA" }, { principalDx: "ZZZ" })).toBe(false);
  });

  it("sex compares the claim's sex code exactly", () => {
    expect(holds({ sex: "F" }, { sex: "F" })).toBe(true);
    expect(holds({ sex: "F" }, { sex: "M" })).toBe(false);
    expect(holds({ sex: "F" }, { sex: null })).toBe(false);
  });

  it("missing holds for an empty field", () => {
    expect(holds({ missing: "sex" }, { sex: null })).toBe(true);
    expect(holds({ missing: "principalDx" }, { principalDx: "" })).toBe(true);
    expect(holds({ missing: "birthWeight" }, { birthWeight: 0 })).toBe(false);
  });

  it("range bounds min and max are inclusive, above and below exclusive", () => {
    expect(holds({ range: { field: "ageDays", max: 28 } }, { ageDays: 28 })).toBe(true);
    expect(holds({ range: { field: "ageDays", max: 28 } }, { ageDays: 29 })).toBe(false);
    expect(holds({ range: { field: "birthWeight", min: 1500, below: 2000 } }, { birthWeight: 1500 })).toBe(true);
    expect(holds({ range: { field: "birthWeight", min: 1500, below: 2000 } }, { birthWeight: 2000 })).toBe(false);
    expect(holds({ range: { field: "birthWeight", above: 0 } }, { birthWeight: 0 })).toBe(false);
  });

  it("range on an empty field gives ifMissing (false by default)", () => {
    expect(holds({ range: { field: "ageDays", max: 28 } }, { ageDays: null })).toBe(false);
    expect(holds({ range: { field: "ageDays", max: 28, ifMissing: true } }, { ageDays: null })).toBe(true);
  });

  it("distinctGroups counts the groups the claim's codes cover", () => {
    const cond: Condition = { distinctGroups: { list: "regions", of: "diagnoses", min: 2 } };
    expect(holds(cond, { principalDx: "A", secondaryDx: ["B"] })).toBe(false);
    expect(holds(cond, { principalDx: "A", secondaryDx: ["B", "C"] })).toBe(true);
  });

  it("all, any and not combine conditions", () => {
    const a: Condition = { principalIn: "dxA" };
    const p: Condition = { mainProcedureIn: "pxP" };
    expect(holds({ all: [a, p] }, { principalDx: "A", procedures: ["Q"] })).toBe(false);
    expect(holds({ any: [a, p] }, { principalDx: "A", procedures: ["Q"] })).toBe(true);
    expect(holds({ not: p }, { procedures: ["Q"] })).toBe(true);
    expect(holds({ all: [a, p, { sex: "M" }] }, { principalDx: "A", procedures: ["P"] })).toBe(true);
  });
});
