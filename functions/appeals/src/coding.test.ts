import { describe, expect, it } from "vitest";
import { contentHash, type LandingRow } from "@casemix/claims";
import { CodingSchema, correctedRow } from "./coding.ts";

const row = (): LandingRow => {
  const r: LandingRow = {
    rowNo: 7, hospitalCode: "H1", claimNumber: "C-1", patientPseudo: "p", admissionDate: "2027-01-02", dischargeDate: "2027-01-05",
    admissionType: "emergency", dischargeStatus: "home", sex: "F", dateOfBirth: "1980-01-01", birthWeightGrams: null,
    principalDiagnosis: "J18.9", secondaryDiagnoses: "E11.9", procedures: "", procedureDates: "", department: null,
    totalChargesSen: 123_400, contentHash: "", intakeErrors: null,
  };
  r.contentHash = contentHash(r);
  return r;
};

describe("the corrected claim version", () => {
  it("carries the reviewer's coding as row 1 and keeps everything else the hospital sent", () => {
    const before = row();
    const after = correctedRow(before, { principalDiagnosis: "J15.9", procedures: [{ code: "96.71", date: "2027-01-03" }] });
    expect(after).toMatchObject({ rowNo: 1, principalDiagnosis: "J15.9", secondaryDiagnoses: "E11.9", procedures: "96.71", procedureDates: "2027-01-03", totalChargesSen: 123_400 });
    expect(after.contentHash).toBe(contentHash(after));
    expect(after.contentHash).not.toBe(before.contentHash);
  });

  it("the same coding gives the same content, so nothing would change", () => {
    const before = row();
    expect(correctedRow(before, { principalDiagnosis: "J18.9" }).contentHash).toBe(before.contentHash);
  });

  it("refuses a code with characters no code set has, naming the field", () => {
    const parsed = CodingSchema.safeParse({ secondaryDiagnoses: ["E11.9", "DROP TABLE"] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["secondaryDiagnoses", 1]);
  });
});
