import { describe, expect, it } from "vitest";
import { parseClaim } from "./claim-errors.ts";
import { brokenTextRule, printable } from "./text-rules.ts";

const good = {
  hospitalCode: "H10-DEC915", claimNumber: "C1", patientId: "700505-10-1234", admissionDate: "2027-01-03", dischargeDate: "2027-01-07",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", totalCharges: "12345.60",
  procedures: [{ code: "37.22", date: "2027-01-04" }], secondaryDiagnoses: ["I10"],
};
const errors = (input: unknown) => {
  const r = parseClaim(input);
  return r.ok ? [] : r.errors;
};
const codes = (input: unknown) => errors(input).map((e) => `${e.code}:${e.field}`);

describe("one set of character rules for every stored field", () => {
  it("a lone surrogate (a JSON \\ud800 escape) is an encoding error, as bytes that are not UTF-8 are", () => {
    expect(codes({ ...good, claimNumber: "C\uD8001" })).toContain("E_ENCODING:claimNumber");
    expect(codes({ ...good, claimNumber: "C\uFFFD1" })).toContain("E_ENCODING:claimNumber");
    expect(brokenTextRule("ok \uD83D\uDE00")).toBeUndefined();
  });
  it("a control character in a procedure date is refused like one in a procedure code", () => {
    expect(codes({ ...good, procedures: [{ code: "37.22", date: "2027-01-\u000004" }] })).toContain("E_CONTROL_CHARACTER:procedures.0.date");
  });
  it("a field name holding a NUL byte is refused and never quoted with it", () => {
    const found = errors({ ...good, "x\u0000y": "1" });
    expect(found.map((e) => e.code)).toContain("E_CONTROL_CHARACTER");
    expect(JSON.stringify(found)).not.toContain("\\u0000");
  });
  it("year 0000 is no date (PostgreSQL refuses it): a date format error", () => {
    expect(codes({ ...good, admissionDate: "0000-01-03" })).toContain("E_DATE_FORMAT:admissionDate");
    expect(codes({ ...good, dateOfBirth: "0001-01-01" })).toEqual([]);
  });
  it("a quoted value keeps no control character or lone surrogate", () => {
    const message = errors({ ...good, sex: "M\u0000\uD800" }).map((e) => e.message).join(" ");
    expect(message).not.toMatch(/[\u0000\uD800]/);
    expect(printable("a\u0000b\uD800c")).toBe("a?b?c");
  });
});

describe("personal data never echoed", () => {
  it.each([
    ["a number", 880101145566],
    ["an array", ["880101-14-5566"]],
    ["an object", { id: "880101-14-5566" }],
    ["a boolean", true],
  ])("a patient identifier sent as %s is named with its rule, never quoted back", (_kind, value) => {
    const found = errors({ ...good, patientId: value });
    expect(found).toEqual([expect.objectContaining({ code: "E_TYPE", field: "patientId" })]);
    expect(found[0].message).toBe("patient identifier must be string");
  });
  it("a date of birth that is no date is named, not quoted", () => {
    const found = errors({ ...good, dateOfBirth: "1970-02-30" });
    expect(found).toEqual([{ code: "E_DATE_FORMAT", field: "dateOfBirth", message: "date of birth must be a real date written YYYY-MM-DD" }]);
  });
  it("a patient identifier too long is named with its rule, not quoted", () => {
    expect(JSON.stringify(errors({ ...good, patientId: "880101145566".repeat(10) }))).not.toContain("880101145566");
  });
});
