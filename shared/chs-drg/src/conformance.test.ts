import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileDefinition, groupClaim, loadPackage, validatePackage, writePackage, type CompiledDefinition } from "@casemix/grouper";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { chsDrgDir, hasSharedData, readConformanceCases } from "./conformance-data.ts";
import { importChsDrg } from "./import.ts";


/** Groups every conformance claim; returns one printable line per disagreement, with the trace. */
function disagreements(def: CompiledDefinition): string[] {
  const out: string[] = [];
  for (const c of readConformanceCases()) {
    const r = groupClaim(def, c.claim);
    if (r.mdc !== c.expected.mdc || r.adrg !== c.expected.adrg || r.drg !== c.expected.drg) {
      out.push(`${c.line}\n  got ${r.mdc} ${r.adrg} ${r.drg} (${r.status} ${r.reason}) trace ${JSON.stringify(r.trace)}`);
    }
  }
  return out;
}

describe("CHS-DRG 1.1 conformance", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
  let def: CompiledDefinition;
  beforeAll(() => {
    def = compileDefinition(importChsDrg(chsDrgDir));
  });

  it("the imported definition passes package validation", () => {
    expect(validatePackage(importChsDrg(chsDrgDir))).toEqual([]);
  });

  it("every one of the 3,000 conformance claims gets the reference MDC, ADRG and DRG", () => {
    const bad = disagreements(def);
    if (bad.length > 0) console.error(`${bad.length} disagreements:\n${bad.join("\n")}`);
    expect(bad).toEqual([]);
  });

  describe("after a round trip through the package files", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "chs-drg-pkg-"));
      writePackage(importChsDrg(chsDrgDir), dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("the written package loads and still agrees on every conformance claim", () => {
      const loaded = loadPackage(dir);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 5)));
      expect(disagreements(compileDefinition(loaded.package))).toEqual([]);
    });
  });
});
