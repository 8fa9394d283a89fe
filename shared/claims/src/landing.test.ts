import { describe, expect, it } from "vitest";
import { contentHash, pseudonymise, toLandingRow } from "./landing.ts";
import { createRandom, generateClaimRows } from "./generate.ts";

const claim = {
  hospitalCode: "H10-DEC915", claimNumber: "C1", patientId: "700505-10-1234", admissionDate: "2027-01-03", dischargeDate: "2027-01-07",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: ["I10"],
  procedures: [{ code: "37.22", date: "2027-01-04" }], totalCharges: "12345.6",
};

describe("landing rows", () => {
  it("replace the patient identifier by a keyed hash that depends on the key", () => {
    const row = toLandingRow(1, claim, [], "k".repeat(32));
    expect(row.patientPseudo).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain("700505");
    expect(pseudonymise("a".repeat(32), "X1")).not.toBe(pseudonymise("b".repeat(32), "X1"));
  });
  it("give the same pseudonym to the same identifier written with other spacing or case", () => expect(pseudonymise("k", " ab-1 ")).toBe(pseudonymise("k", "AB-1")));
  it("keep charges exact in sen", () => expect(toLandingRow(1, claim, [], "k").totalChargesSen).toBe(1234560));
  it("hash content without the row number, so a resubmission matches", () => {
    expect(toLandingRow(1, claim, [], "k").contentHash).toBe(toLandingRow(99, claim, [], "k").contentHash);
    expect(contentHash(toLandingRow(1, { ...claim, totalCharges: "1.00" }, [], "k"))).not.toBe(toLandingRow(1, claim, [], "k").contentHash);
  });
  it("carry the intake errors of a row that failed the schema", () => {
    const row = toLandingRow(3, { claimNumber: "C3" }, [{ code: "E_REQUIRED", field: "sex", message: "sex is required" }], "k");
    expect(JSON.parse(row.intakeErrors!)).toEqual([{ code: "E_REQUIRED", field: "sex", message: "sex is required" }]);
  });
});

describe("claim generator", () => {
  it("is deterministic for a seed", () => {
    const a = [...generateClaimRows({ seed: 5, count: 50, hospitalCode: "H1-X" })].map((r) => r.line);
    expect([...generateClaimRows({ seed: 5, count: 50, hospitalCode: "H1-X" })].map((r) => r.line)).toEqual(a);
    expect(createRandom(1)()).not.toBe(createRandom(2)());
  });
});

describe("landing rows of rejected claims", () => {
  it("store no text the database refuses: a value breaking a character rule is left out, its error names it", () => {
    const bad = { ...claim, claimNumber: "C\u00001", hospitalCode: "H\uD800", procedures: [{ code: "37.22", date: "2027-\u0000" }] };
    const row = toLandingRow(4, bad, [{ code: "E_CONTROL_CHARACTER", field: "x\u0000", message: "got 'a\uD800'" }], "k");
    expect(row.claimNumber).toBe("");
    expect(row.hospitalCode).toBe("");
    expect(row.procedureDates).toBe("");
    expect(JSON.stringify(row)).not.toMatch(/\\u0000|\\ud800/i);
    expect(JSON.parse(row.intakeErrors!)).toEqual([{ code: "E_CONTROL_CHARACTER", field: "x?", message: "got 'a?'" }]);
  });
});
