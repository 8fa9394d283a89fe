import { describe, expect, it } from "vitest";
import { compileDefinition } from "./compile.ts";
import { demoDefinitionDir } from "./demo.ts";
import { listEdits } from "./edits.ts";
import { groupClaim } from "./group.ts";
import { loadPackage } from "./load-package.ts";
import { claim, demo } from "./test-helpers.ts";

const def = demo();

describe("listEdits", () => {
  it("a claim with valid codes fails no edit", () => {
    expect(listEdits(def, claim({ principalDx: "I21.9", secondaryDx: ["I10"], procedures: ["37.22"] }))).toEqual([]);
  });

  it("a diagnosis valid only for the other sex fails the sex edit", () => {
    const e = listEdits(def, claim({ sex: "M", ageYears: 30, principalDx: "O80" }));
    expect(e.map((x) => [x.code, x.field, x.value, x.level])).toEqual([["E_DX_SEX", "principalDx", "O80", "error"]]);
  });

  it("a procedure valid only for the other sex fails the sex edit", () => {
    expect(listEdits(def, claim({ sex: "F", principalDx: "K29.7", procedures: ["60.29"] })).map((x) => x.code)).toEqual(["E_PX_SEX"]);
  });

  it("a newborn diagnosis on an adult fails the age edit", () => {
    const e = listEdits(def, claim({ ageYears: 40, principalDx: "I21.9", secondaryDx: ["P59.9"] }));
    expect(e.map((x) => [x.code, x.field, x.value])).toEqual([["E_DX_AGE", "secondaryDx", "P59.9"]]);
  });

  it("unknown codes are reported at the level the definition sets", () => {
    const e = listEdits(def, claim({ principalDx: "K35.80", procedures: ["99.99"] }));
    expect(e.map((x) => [x.code, x.level])).toEqual([["E_DX_UNKNOWN", "error"], ["E_PX_UNKNOWN", "error"]]);
  });

  it("a code of the wrong shape fails the syntax edit instead of the unknown-code edit", () => {
    const e = listEdits(def, claim({ principalDx: "k35.8", procedures: ["4701"] }));
    expect(e.map((x) => [x.code, x.value])).toEqual([["E_DX_SYNTAX", "k35.8"], ["E_PX_SYNTAX", "4701"]]);
  });

  it("unknown codes are not reported when the definition turns that edit off", () => {
    const r = loadPackage(demoDefinitionDir);
    if (!r.ok) throw new Error("demo does not load");
    const pkg = { ...r.package, manifest: { ...r.package.manifest, edits: { unknownDiagnosis: "off" as const, unknownProcedure: "warning" as const } } };
    const e = listEdits(compileDefinition(pkg), claim({ principalDx: "K35.80", procedures: ["99.99"] }));
    expect(e.map((x) => [x.code, x.level])).toEqual([["E_PX_UNKNOWN", "warning"]]);
  });

  it("edits do not change grouping", () => {
    expect(groupClaim(def, claim({ sex: "F", ageYears: 30, principalDx: "O80", secondaryDx: ["P59.9"] })).adrg).toBe("14M1");
  });
});
