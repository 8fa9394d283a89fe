import type { Condition, DefinitionPackage } from "@casemix/grouper";
import { beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { chsDrgDir, hasSharedData } from "./conformance-data.ts";
import { importChsDrg } from "./import.ts";

describe("importChsDrg", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
  let pkg: DefinitionPackage;
  beforeAll(() => {
    pkg = importChsDrg(chsDrgDir);
  });
  const listHas = (list: string, code: string) => pkg.lists.some((l) => l.list === list && l.code === code);

  it("imports 26 MDCs, 376 ADRGs and 628 DRGs", () => {
    expect([pkg.rules.mdcs.length, pkg.rules.adrgs.length, pkg.drgs.length]).toEqual([26, 376, 628]);
  });

  it("tries the MDCs in the reference order", () => {
    expect(pkg.rules.mdcs.map((m) => m.mdc.slice(3)).join("")).toBe("APYZMNBCDEFGHIJKLOQRSTUVWX");
  });

  it("tries FF2 before FF1 and keeps every other MDC alphabetical", () => {
    const f = pkg.rules.adrgs.filter((a) => a.mdc === "MDCF").map((a) => a.adrg);
    expect(f.indexOf("FF2")).toBe(f.indexOf("FF1") - 1);
    const b = pkg.rules.adrgs.filter((a) => a.mdc === "MDCB").map((a) => a.adrg);
    expect(b).toEqual([...b].sort());
  });

  it("adds the codes the reference lists beyond the text tables", () => {
    expect([listHas("MDCD", "L04.002"), listHas("MDCD", "L04.003")]).toEqual([true, true]);
    expect([listHas("FM1.main-procedure", "36.0700"), listHas("FM3.main-procedure", "88.5600"), listHas("LL1.main-procedure", "39.9500")]).toEqual([true, true, true]);
  });

  it("counts S12.910 only as trunk/spine trauma", () => {
    expect(pkg.lists.filter((l) => l.list === "MDCZ" && l.code === "S12.910").map((l) => l.group)).toEqual(["躯干、脊柱创伤"]);
  });

  it("makes PV1 the MDCP catch-all", () => {
    expect(pkg.rules.adrgs.find((a) => a.adrg === "PV1")?.when).toEqual({ always: true } satisfies Condition);
  });

  it("maps the DRG digit to the severity it needs", () => {
    expect(pkg.drgs.filter((d) => d.adrg === "BR2").map((d) => [d.drg, d.minSeverity])).toEqual([["BR21", "MCC"], ["BR23", "CC"], ["BR25", null]]);
  });

  it("gives MCCs and CCs their exclusion tables and principals theirs", () => {
    const g41 = pkg.diagnoses.find((d) => d.code === "G41.000");
    const g45 = pkg.diagnoses.find((d) => d.code === "G45.000");
    expect([g41?.severity, g41?.ccExclusion, g45?.pdxExclusion]).toEqual(["MCC", "7-69", "7-69"]);
  });
});
