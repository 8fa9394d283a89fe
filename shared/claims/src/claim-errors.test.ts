import { describe, expect, it } from "vitest";
import { parseClaim } from "./claim-errors.ts";

const good = {
  hospitalCode: "H10-DEC915", claimNumber: "C1", patientId: "700505-10-1234", admissionDate: "2027-01-03", dischargeDate: "2027-01-07",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "K74.300x006+I98.3*", totalCharges: "12345.60",
};
const codes = (input: unknown) => {
  const r = parseClaim(input);
  return r.ok ? [] : r.errors.map((e) => `${e.code}:${e.field}`);
};

describe("claim schema errors a coder can act on", () => {
  it("accepts a CHS-DRG extended code: no ICD format is hard-wired", () => expect(parseClaim(good).ok).toBe(true));
  it("names a missing field as required", () => expect(codes({ ...good, sex: undefined })).toEqual(["E_REQUIRED:sex"]));
  it("names a day-first date as a date format error and quotes it", () => {
    const r = parseClaim({ ...good, dischargeDate: "07/01/2027" });
    expect(r.ok ? undefined : r.errors[0]).toEqual({ code: "E_DATE_FORMAT", field: "dischargeDate", message: "discharge date must be a real date written YYYY-MM-DD, got '07/01/2027'" });
  });
  it("names a number sent as text as a type error", () => expect(codes({ ...good, birthWeightGrams: "3200" })).toEqual(["E_TYPE:birthWeightGrams"]));
  it("names an unknown field", () => expect(codes({ ...good, ward: "3" })).toEqual(["E_FIELD_UNKNOWN:ward"]));
  it("refuses charges with a third decimal", () => expect(codes({ ...good, totalCharges: "1.234" })).toEqual(["E_CHARGES_FORMAT:totalCharges"]));
  it("refuses text that a spreadsheet would run as a formula", () => expect(codes({ ...good, claimNumber: "=1+1" })).toEqual(["E_FORMULA_TEXT:claimNumber"]));
  it("refuses control characters", () => expect(codes({ ...good, department: "A\u0000" })).toEqual(["E_CONTROL_CHARACTER:department"]));
  it("lists every problem at once", () => expect(codes({ ...good, sex: "X", admissionType: "walk-in" })).toHaveLength(2));
});
