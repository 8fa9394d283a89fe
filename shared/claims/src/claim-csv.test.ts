import { describe, expect, it } from "vitest";
import { CLAIM_CSV_COLUMNS, csvRowToClaimInput, readCsvHeader } from "./claim-csv.ts";
import { parseClaim } from "./claim-errors.ts";

const header = [...CLAIM_CSV_COLUMNS];
const layout = () => {
  const h = readCsvHeader(header);
  if (!h.ok) throw new Error(h.error.message);
  return h.layout;
};
const row = (values: Partial<Record<(typeof CLAIM_CSV_COLUMNS)[number], string>>) => header.map((c) => values[c] ?? "");

describe("claim CSV form", () => {
  it("reads header names trimmed and in any case and order", () => expect(readCsvHeader([...header].reverse().map((h) => ` ${h.toUpperCase()} `)).ok).toBe(true));
  it("lets the optional columns be left out", () => expect(readCsvHeader(header.filter((h) => !["department", "procedure_dates", "birth_weight_grams"].includes(h))).ok).toBe(true));
  it("names the missing required columns", () => {
    const h = readCsvHeader(header.filter((c) => c !== "sex" && c !== "total_charges"));
    expect(h.ok ? undefined : h.error).toEqual({ code: "E_CSV_COLUMN_MISSING", message: "missing column(s): sex, total_charges" });
  });
  it("recognises a semicolon-separated file by its one-field header", () => {
    const h = readCsvHeader([header.join(";")]);
    expect(h.ok ? undefined : h.error.code).toBe("E_CSV_DELIMITER");
  });
  it("splits lists on | and pairs procedures with their dates", () => {
    const { input } = csvRowToClaimInput(row({ secondary_diagnoses: "I10|E11.9", procedures: "37.22|88.72", procedure_dates: "2027-01-02|" }), layout());
    expect(input.secondaryDiagnoses).toEqual(["I10", "E11.9"]);
    expect(input.procedures).toEqual([{ code: "37.22", date: "2027-01-02" }, { code: "88.72" }]);
  });
  it("turns digits in birth weight into a number and leaves other text for the schema to refuse", () => {
    expect(csvRowToClaimInput(row({ birth_weight_grams: "3200" }), layout()).input.birthWeightGrams).toBe(3200);
    expect(csvRowToClaimInput(row({ birth_weight_grams: "3.2kg" }), layout()).input.birthWeightGrams).toBe("3.2kg");
  });
  it("leaves empty cells out so required fields are reported as required", () => expect("sex" in csvRowToClaimInput(row({}), layout()).input).toBe(false));
  it("reports a row whose field count differs from the header", () => expect(csvRowToClaimInput(["a"], layout()).errors[0].code).toBe("E_CSV_FIELD_COUNT"));
});

describe("CSV cells meet the same character rules as JSON values", () => {
  it("a vertical tab at the end of a secondary diagnosis is kept for the rules to refuse, as in JSON", () => {
    const read = readCsvHeader([...CLAIM_CSV_COLUMNS]);
    if (!read.ok) throw new Error("the header is the claim format's");
    const cells: Record<string, string> = {
      hospital_code: "H10-DEC915", claim_number: "C1", patient_id: "P1", admission_date: "2027-01-03", discharge_date: "2027-01-07", admission_type: "emergency",
      discharge_status: "1", sex: "M", date_of_birth: "1970-05-05", birth_weight_grams: "\u000b3000", principal_diagnosis: "I21.9", secondary_diagnoses: "I10\u000b",
      procedures: "", procedure_dates: "", department: "", total_charges: "1.00",
    };
    const { input } = csvRowToClaimInput(CLAIM_CSV_COLUMNS.map((c) => cells[c]), read.layout);
    const parsed = parseClaim(input);
    const codes = parsed.ok ? [] : parsed.errors.map((e) => `${e.code}:${e.field}`);
    expect(codes).toEqual(expect.arrayContaining(["E_CONTROL_CHARACTER:secondaryDiagnoses.0", "E_CONTROL_CHARACTER:birthWeightGrams"]));
  });
});
