import fc from "fast-check";

/** The hospital every fuzzed file is sent for. */
export const FUZZ_HOSPITAL = "H10-DEC915";

/**
 * Marks a place where the encoder writes bytes that are not UTF-8 (U+E000 is a private-use
 * character no generated value holds otherwise). See `encodeWithBadBytes`.
 */
export const BAD_BYTES_MARK = "\uE000";

/** Byte sequences that are not UTF-8: a lone continuation byte, 0xFF, a truncated pair, an encoded surrogate, an overlong '/'. */
export const BAD_BYTE_SEQUENCES: readonly (readonly number[])[] = [[0x80], [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]];

/** What a corrupted row must end as: rejected with this code, or any terminal state ("any"). */
export type RowExpect = { code: string } | "any";

/** A string field a corruption may target, and the path to it in the JSON form of the claim. */
export const TEXT_FIELDS = ["claimNumber", "patientId", "principalDiagnosis", "admissionDate", "dischargeDate", "dateOfBirth", "totalCharges", "sex", "department", "secondaryDiagnoses.0", "procedures.0.code", "procedures.0.date"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Fields whose value is a personal identifier: it must never appear in clear outside raw/. */
export const PERSONAL_FIELDS = new Set<string>(["patientId"]);

export type Corruption =
  | { kind: "none" }
  | { kind: "control"; field: TextField; char: string; at: number }
  | { kind: "badBytes"; field: TextField; at: number }
  | { kind: "surrogate"; field: TextField; at: number }
  | { kind: "formula"; field: TextField; prefix: string }
  | { kind: "tooLong"; field: "claimNumber" | "patientId" | "principalDiagnosis"; length: number }
  | { kind: "badDate"; field: "admissionDate" | "dischargeDate" | "dateOfBirth"; value: string }
  | { kind: "wrongType"; field: string; value: "number" | "boolean" | "array" | "object" | "null" | "bigNumber" }
  | { kind: "missing"; field: "claimNumber" | "patientId" | "principalDiagnosis" | "sex" | "totalCharges" }
  | { kind: "unknownField"; name: string }
  | { kind: "weight"; value: number | string }
  | { kind: "otherHospital" }
  | { kind: "extreme"; charges: string; admission: string; discharge: string; birth: string };

export type FuzzClaimSpec = { corruption: Corruption; withProcedure: boolean; withSecondary: boolean; department: boolean; quoting: string };

const textField = fc.constantFrom(...TEXT_FIELDS);
const control = fc.constantFrom("\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u001f", "\u007f");

/**
 * One claim's recipe: a valid claim (based on shared/claims/examples/claim.json) and at most one
 * corruption. Values that differ per file (claim number, patient identifier) are filled in when the
 * file is rendered, so that every file of a run has its own.
 */
export const claimSpecArb: fc.Arbitrary<FuzzClaimSpec> = fc.record({
  corruption: fc.oneof(
    { weight: 6, arbitrary: fc.constant<Corruption>({ kind: "none" }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("control" as const), field: textField, char: control, at: fc.nat(8) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("badBytes" as const), field: textField, at: fc.nat(8) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("surrogate" as const), field: textField, at: fc.nat(8) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("formula" as const), field: fc.constantFrom("claimNumber", "principalDiagnosis", "department", "procedures.0.code") as fc.Arbitrary<TextField>, prefix: fc.constantFrom("=", "+", "@") }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("tooLong" as const), field: fc.constantFrom("claimNumber", "patientId", "principalDiagnosis") as fc.Arbitrary<"claimNumber">, length: fc.integer({ min: 65, max: 400 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("badDate" as const), field: fc.constantFrom("admissionDate", "dischargeDate", "dateOfBirth") as fc.Arbitrary<"admissionDate">, value: fc.constantFrom("0000-01-01", "2026-02-30", "2026-13-01", "26-03-01", "2026/03/01", "") }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("wrongType" as const), field: fc.constantFrom("patientId", "claimNumber", "dateOfBirth", "totalCharges", "sex", "principalDiagnosis", "procedures", "secondaryDiagnoses"), value: fc.constantFrom("number", "boolean", "array", "object", "null", "bigNumber") as fc.Arbitrary<"number"> }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("missing" as const), field: fc.constantFrom("claimNumber", "patientId", "principalDiagnosis", "sex", "totalCharges") as fc.Arbitrary<"claimNumber"> }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("unknownField" as const), name: fc.constantFrom("note", "patient_id", "x\u0000y", "bad\uFFFDkey", "\u001b[31m", "=cmd") }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("weight" as const), value: fc.constantFrom<number | string>(1e300, -1, 2.5, 99, 2 ** 31, 2 ** 53 + 2, "3000g", "99999999999") }) },
    { weight: 1, arbitrary: fc.constant<Corruption>({ kind: "otherHospital" }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("extreme" as const),
        charges: fc.constantFrom("0", "0.01", "999999999999.99", "123456789012"),
        admission: fc.constantFrom("2026-03-01", "1900-01-01", "0001-01-01"),
        discharge: fc.constantFrom("2026-03-05", "2026-03-01", "9999-12-31"),
        birth: fc.constantFrom("1980-01-01", "0001-01-01", "2026-03-01"),
      }),
    },
  ),
  withProcedure: fc.boolean(),
  withSecondary: fc.boolean(),
  department: fc.boolean(),
  // Text a CSV writer must quote; valid in every field it is put in (the department).
  quoting: fc.constantFrom("", ", ward 3", ' "A" wing', "\nline two", "é ü 中"),
});

/**
 * What the row must end as. A character rule broken anywhere is a rejection with that rule's code,
 * whatever the format; other corruptions must end in a terminal state, rejected or not.
 */
export function expectOf(c: Corruption, format: "csv" | "ndjson" | "json"): RowExpect {
  switch (c.kind) {
    case "control":
      return { code: "E_CONTROL_CHARACTER" };
    case "badBytes":
    case "surrogate":
      return { code: "E_ENCODING" };
    case "formula":
      return { code: "E_FORMULA_TEXT" };
    case "tooLong":
      return { code: "E_TOO_LONG" };
    case "badDate":
      return c.value === "" && format === "csv" ? { code: "E_REQUIRED" } : { code: "E_DATE_FORMAT" };
    case "unknownField":
      return format === "csv" ? "any" : { code: "E_FIELD_UNKNOWN" };
    case "missing":
      return { code: "E_REQUIRED" };
    case "otherHospital":
      return { code: "E_HOSPITAL_MISMATCH" };
    default:
      return "any";
  }
}
