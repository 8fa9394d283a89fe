import { describe, expect, it } from "vitest";
import { claimColumnIndex, claimFromRow, csvField, isRowError, splitCsvLine } from "./claim-csv.ts";

const HEADER = "case_id,sex,age_years,age_days,birth_weight_g,los_days,discharge_status,department,principal_dx,secondary_dx,procedures,extra";

describe("claim CSV", () => {
  it("a quoted field keeps its commas and doubled quotes", () => {
    expect(splitCsvLine('a,"b,c","d""e",')).toEqual(["a", "b,c", 'd"e', ""]);
  });

  it("csvField quotes only when needed", () => {
    expect([csvField("x"), csvField("a,b"), csvField('q"')]).toEqual(["x", '"a,b"', '"q"""']);
  });

  it("a row becomes a claim with lists split on | and empty fields null", () => {
    const idx = claimColumnIndex(splitCsvLine(HEADER));
    const c = claimFromRow(splitCsvLine("A1,F,0,3,2500,2,1,,P07.3,P59.9|Z38.0,,ignored"), idx);
    expect(c).toEqual({
      caseId: "A1", sex: "F", ageYears: 0, ageDays: 3, birthWeight: 2500, los: 2, dischargeStatus: "1", department: null,
      principalDx: "P07.3", secondaryDx: ["P59.9", "Z38.0"], procedures: [],
    });
  });

  it("a non-numeric age is an error naming the field", () => {
    const idx = claimColumnIndex(splitCsvLine(HEADER));
    const c = claimFromRow(splitCsvLine("A1,F,abc,,,2,1,,I10,,,"), idx);
    expect(isRowError(c) && [c.code, c.field]).toEqual(["E_NOT_A_NUMBER", "age_years"]);
  });

  it("a header without a required column is rejected naming the column", () => {
    expect(() => claimColumnIndex(["case_id", "sex"])).toThrow('"age_years"');
  });
});
