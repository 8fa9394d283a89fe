import { describe, expect, it } from "vitest";
import { toLandingRow, type LandingRow } from "@casemix/claims";
import { compileDefinition, demoDefinitionDir, loadPackage, type DefinitionPackage } from "@casemix/grouper";
import { editClaim, type EditContext } from "./claim-edits.ts";

const loaded = loadPackage(demoDefinitionDir);
if (!loaded.ok) throw new Error("demo definition does not load");
const demo = compileDefinition(loaded.package);
const hospitals = new Map([["H10-DEC915", [{ effectiveFrom: "2020-01-01", effectiveTo: null }]], ["H99-CLOSED", [{ effectiveFrom: "2020-01-01", effectiveTo: "2025-12-31" }]]]);
const ctx: EditContext = { definition: demo, hospitals, today: "2026-11-28" };

const base = {
  hospitalCode: "H10-DEC915", claimNumber: "C1", patientId: "P1", admissionDate: "2026-03-01", dischargeDate: "2026-03-05", admissionType: "emergency",
  dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: ["I10"], procedures: [{ code: "37.22", date: "2026-03-02" }],
  totalCharges: "100.00",
};
const row = (over: Record<string, unknown> = {}): LandingRow => toLandingRow(1, { ...base, ...over } as never, [], "k");
const codes = (r: LandingRow, c: EditContext = ctx) => {
  const o = editClaim(r, c);
  return o.ok ? [] : o.errors.map((e) => e.code);
};

describe("claim edits", () => {
  it("a clean claim passes with its age, length of stay and period", () => expect(editClaim(row(), ctx)).toEqual({ ok: true, row: { rowNo: 1, ageYears: 55, ageDays: 20389, lengthOfStay: 4, period: "2026-03" } }));
  it("a discharge before admission is named with both dates", () => {
    const o = editClaim(row({ dischargeDate: "2026-02-27", procedures: [] }), ctx);
    expect(o.ok ? [] : o.errors).toContainEqual({ code: "E_DATES_ORDER", field: "dischargeDate", message: "the discharge date 2026-02-27 is before the admission date 2026-03-01" });
  });
  it("a date of birth after admission or in the future is named, never quoted (personal data)", () => {
    const o = editClaim(row({ dateOfBirth: "2026-11-30" }), ctx);
    const found = o.ok ? [] : o.errors;
    expect(found.map((e) => e.code)).toEqual(expect.arrayContaining(["E_BIRTH_AFTER_ADMISSION", "E_DATE_FUTURE"]));
    expect(JSON.stringify(found)).not.toContain("2026-11-30");
  });
  it("a date after the day the chunk arrived is in the future", () => expect(codes(row({ dischargeDate: "2026-12-01" }))).toContain("E_DATE_FUTURE"));
  it("a hospital missing from the register is unknown", () => expect(codes(row({ hospitalCode: "H00-NOPE" }))).toEqual(["E_HOSPITAL_UNKNOWN"]));
  it("a hospital whose register entry ended before discharge is not in force", () => expect(codes(row({ hospitalCode: "H99-CLOSED" }))).toEqual(["E_HOSPITAL_NOT_IN_FORCE"]));
  it("the definition's sex edit applies", () => expect(codes(row({ principalDiagnosis: "O80", procedures: [] }))).toContain("E_DX_SEX"));
  it("the definition's age edit applies", () => expect(codes(row({ secondaryDiagnoses: ["P07.3"] }))).toContain("E_DX_AGE"));
  it("the definition's input checks apply: a newborn without birth weight", () => {
    expect(codes(row({ admissionType: "newborn", dateOfBirth: "2026-03-01", principalDiagnosis: "Z38.0", secondaryDiagnoses: [], procedures: [] }))).toEqual(["E_BIRTH_WEIGHT_MISSING"]);
  });
  it("every reason is listed, not only the first", () => expect(codes(row({ principalDiagnosis: "O80", secondaryDiagnoses: ["P07.3", "P07.3"], procedures: [] })).length).toBeGreaterThanOrEqual(3));
  it("intake's structure errors come first and the claim goes no further", () => {
    const r = toLandingRow(1, { hospitalCode: "H10-DEC915" }, [{ code: "E_REQUIRED", field: "sex", message: "sex is required" }], "k");
    expect(codes(r)).toEqual(["E_REQUIRED"]);
  });
  it("a code that cannot be principal is refused when the definition says so, as data", () => {
    const pkg: DefinitionPackage = {
      ...loaded.package,
      lists: [...loaded.package.lists, { list: "not-principal", code: "W19", group: null }],
      manifest: { ...loaded.package.manifest, checks: [...loaded.package.manifest.checks, { id: "check.pdx-not-allowed", reason: "E_PDX_NOT_ALLOWED", message: "an external cause cannot be the principal diagnosis", failWhen: { principalIn: "not-principal" } }] },
    };
    expect(codes(row({ principalDiagnosis: "W19" }), { ...ctx, definition: compileDefinition(pkg) })).toEqual(["E_PDX_NOT_ALLOWED"]);
  });
  it("a definition with no edits (CHS-DRG style) accepts its own extended codes", () => {
    const pkg: DefinitionPackage = {
      ...loaded.package,
      diagnoses: [...loaded.package.diagnoses, { code: "K74.300x006+I98.3*", name: "x", severity: null, ccExclusion: null, pdxExclusion: null, sex: null, ageMin: null, ageMax: null }],
      manifest: { ...loaded.package.manifest, checks: [], edits: { ...loaded.package.manifest.edits, unknownDiagnosis: "off", unknownProcedure: "off" } },
    };
    expect(codes(row({ principalDiagnosis: "K74.300x006+I98.3*" }), { ...ctx, definition: compileDefinition(pkg) })).toEqual([]);
  });
});
