import fc from "fast-check";
import { CLAIM_CSV_COLUMNS, OPTIONAL_CSV_COLUMNS, csvCell } from "@casemix/claims";
import { BAD_BYTE_SEQUENCES, BAD_BYTES_MARK, claimSpecArb, expectOf, FUZZ_HOSPITAL, type FuzzClaimSpec, type RowExpect } from "./claim-arbitraries.ts";

export type FuzzFormat = "csv" | "ndjson" | "json";

/** A corruption of the file as a whole, and the 4xx it must get (undefined: any 202 or 4xx). */
export type FileCorruption =
  | { kind: "none" }
  | { kind: "utf16Bom" }
  | { kind: "empty" }
  | { kind: "wrongContentType" }
  | { kind: "csvUnknownColumn" }
  | { kind: "csvMissingColumn" }
  | { kind: "csvDuplicateColumn" }
  | { kind: "csvSemicolon" }
  | { kind: "csvHeaderOnly" }
  | { kind: "csvShuffle"; order: number[] }
  | { kind: "csvDropOptional" }
  | { kind: "csvOpenQuote"; row: number }
  | { kind: "csvFieldCount"; row: number }
  | { kind: "jsonTruncate"; at: number }
  | { kind: "jsonEmptyArray" }
  | { kind: "ndjsonGarbageLine"; row: number }
  | { kind: "ndjsonBlankLines" };

export type FileSpec = { format: FuzzFormat; wrapper: "array" | "object" | "single"; badBytes: number; claims: FuzzClaimSpec[]; file: FileCorruption };

const FILE_EXPECT: Partial<Record<FileCorruption["kind"], { status: number; code: string }>> = {
  utf16Bom: { status: 400, code: "E_FILE_ENCODING" },
  empty: { status: 400, code: "E_FILE_EMPTY" },
  wrongContentType: { status: 415, code: "E_CONTENT_TYPE" },
  csvUnknownColumn: { status: 400, code: "E_CSV_COLUMN_UNKNOWN" },
  csvMissingColumn: { status: 400, code: "E_CSV_COLUMN_MISSING" },
  csvDuplicateColumn: { status: 400, code: "E_CSV_COLUMN_DUPLICATE" },
  csvSemicolon: { status: 400, code: "E_CSV_DELIMITER" },
  csvHeaderOnly: { status: 400, code: "E_FILE_NO_CLAIMS" },
  jsonTruncate: { status: 400, code: "E_JSON_SYNTAX" },
  jsonEmptyArray: { status: 400, code: "E_FILE_EMPTY" },
};

export const fileSpecArb: fc.Arbitrary<FileSpec> = fc
  .record({
    format: fc.constantFrom<FuzzFormat>("csv", "ndjson", "json"),
    wrapper: fc.constantFrom<FileSpec["wrapper"]>("array", "object", "single"),
    badBytes: fc.nat(BAD_BYTE_SEQUENCES.length - 1),
    claims: fc.array(claimSpecArb, { minLength: 1, maxLength: 12 }),
    fileKind: fc.oneof(
      { weight: 12, arbitrary: fc.constant("none") },
      { weight: 1, arbitrary: fc.constantFrom("utf16Bom", "empty", "wrongContentType") },
      { weight: 3, arbitrary: fc.constantFrom("csvUnknownColumn", "csvMissingColumn", "csvDuplicateColumn", "csvSemicolon", "csvHeaderOnly", "csvShuffle", "csvDropOptional", "csvOpenQuote", "csvFieldCount") },
      { weight: 2, arbitrary: fc.constantFrom("jsonTruncate", "jsonEmptyArray", "ndjsonGarbageLine", "ndjsonBlankLines") },
    ),
    pick: fc.nat(1000),
    order: fc.shuffledSubarray([...CLAIM_CSV_COLUMNS.keys()], { minLength: CLAIM_CSV_COLUMNS.length, maxLength: CLAIM_CSV_COLUMNS.length }),
  })
  .map(({ format, wrapper, badBytes, claims, fileKind, pick, order }) => {
    const row = pick % claims.length;
    const fits = (fileKind.startsWith("csv") && format === "csv") || (fileKind.startsWith("json") && format === "json") || (fileKind.startsWith("ndjson") && format === "ndjson") || ["none", "utf16Bom", "empty", "wrongContentType"].includes(fileKind);
    const kind = fits ? fileKind : "none";
    const file: FileCorruption =
      kind === "csvShuffle" ? { kind, order } : kind === "csvOpenQuote" || kind === "csvFieldCount" || kind === "ndjsonGarbageLine" ? { kind, row } : kind === "jsonTruncate" ? { kind, at: pick } : ({ kind } as FileCorruption);
    return { format, wrapper: claims.length === 1 ? wrapper : wrapper === "single" ? "array" : wrapper, badBytes, claims, file };
  });

/** A rendered file: its bytes, content type, and what each row and the request must end as. */
export type RenderedFile = {
  bytes: Uint8Array;
  contentType: string;
  expectFile?: { status: number; code: string };
  /** Known when the file keeps one row per claim; undefined when a corruption makes the row count the parser's call. */
  rows?: RowExpect[];
  patientIds: string[];
};

/** The JSON form of one claim, corrupted as its spec says; `n` makes claim numbers and patient ids unique per run. */
export function claimObject(spec: FuzzClaimSpec, n: string, format: FuzzFormat): { claim: Record<string, unknown>; patientIds: string[] } {
  const c = spec.corruption;
  const patientId = `PX${n}`;
  const claim: Record<string, unknown> = {
    hospitalCode: FUZZ_HOSPITAL, claimNumber: `FZ-${n}`, patientId, admissionDate: "2026-03-01", dischargeDate: "2026-03-05", admissionType: "emergency",
    dischargeStatus: "1", sex: "M", dateOfBirth: "1980-01-01", principalDiagnosis: "I21.9", totalCharges: "18450.00",
  };
  const target = "field" in c ? String(c.field) : "";
  if (spec.withSecondary || target.startsWith("secondaryDiagnoses")) claim.secondaryDiagnoses = ["I10", "E11.9"];
  if (spec.withProcedure || target.startsWith("procedures")) claim.procedures = [{ code: "37.22", date: "2026-03-02" }];
  if (spec.department || target === "department") claim.department = `CARD${spec.quoting}`;
  const patientIds = [patientId];
  const edit = (path: string, f: (v: string) => unknown) => {
    const keys = path.split(".");
    let holder = claim as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) holder = holder[k] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    holder[last] = f(String(holder[last]));
  };
  const insert = (text: string, at: number) => (v: string) => v.slice(0, at % (v.length + 1)) + text + v.slice(at % (v.length + 1));
  switch (c.kind) {
    case "control":
      edit(c.field, insert(c.char, c.at));
      break;
    case "badBytes":
      edit(c.field, insert(BAD_BYTES_MARK, c.at));
      break;
    case "surrogate":
      edit(c.field, insert("\uD800", c.at));
      break;
    case "formula":
      edit(c.field, (v) => `${c.prefix}${v}`);
      break;
    case "tooLong":
      edit(c.field, (v) => v + "9".repeat(c.length - v.length));
      break;
    case "badDate":
      claim[c.field] = c.value;
      break;
    case "wrongType": {
      const digits = 700000000000 + Number(n.replace(/\D/g, "").slice(-11) || "0");
      const values = { number: digits, bigNumber: 1e21 + digits, boolean: true, array: [claim[c.field] ?? "x"], object: { value: claim[c.field] ?? "x" }, null: null };
      claim[c.field] = format === "csv" && typeof values[c.value] !== "object" ? String(values[c.value]) : values[c.value];
      if (c.field === "patientId" && typeof values[c.value] === "number") patientIds.push(String(values[c.value]));
      break;
    }
    case "missing":
      delete claim[c.field];
      break;
    case "unknownField":
      claim[c.name] = "extra";
      break;
    case "weight":
      claim.birthWeightGrams = c.value;
      break;
    case "otherHospital":
      claim.hospitalCode = "H99-OTHER";
      break;
    case "extreme":
      Object.assign(claim, { totalCharges: c.charges, admissionDate: c.admission, dischargeDate: c.discharge, dateOfBirth: c.birth });
      break;
  }
  return { claim, patientIds };
}

/** Replaces each mark with bytes that are not UTF-8. */
export function encodeWithBadBytes(text: string, badBytes: number): Uint8Array {
  const mark = Buffer.from(BAD_BYTES_MARK);
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = bytes.indexOf(mark); i !== -1; i = bytes.indexOf(mark, from)) {
    parts.push(bytes.subarray(from, i), Buffer.from(BAD_BYTE_SEQUENCES[badBytes]));
    from = i + mark.length;
  }
  parts.push(bytes.subarray(from));
  return new Uint8Array(Buffer.concat(parts));
}

const CSV_FIELD: Record<string, (c: Record<string, unknown>) => unknown> = {
  hospital_code: (c) => c.hospitalCode, claim_number: (c) => c.claimNumber, patient_id: (c) => c.patientId, admission_date: (c) => c.admissionDate,
  discharge_date: (c) => c.dischargeDate, admission_type: (c) => c.admissionType, discharge_status: (c) => c.dischargeStatus, sex: (c) => c.sex,
  date_of_birth: (c) => c.dateOfBirth, birth_weight_grams: (c) => c.birthWeightGrams, principal_diagnosis: (c) => c.principalDiagnosis,
  secondary_diagnoses: (c) => (Array.isArray(c.secondaryDiagnoses) ? c.secondaryDiagnoses.join("|") : c.secondaryDiagnoses),
  procedures: (c) => (Array.isArray(c.procedures) ? c.procedures.map((p: { code?: unknown }) => (typeof p === "object" && p ? p.code : p)).join("|") : c.procedures),
  procedure_dates: (c) => (Array.isArray(c.procedures) ? c.procedures.map((p: { date?: unknown }) => (typeof p === "object" && p ? (p.date ?? "") : "")).join("|") : ""),
  department: (c) => c.department, total_charges: (c) => c.totalCharges,
};

const cell = (v: unknown): string => csvCell(v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function renderCsv(spec: FileSpec, claims: Record<string, unknown>[]): { text: string; rowsKnown: boolean } {
  const f = spec.file;
  let columns: string[] = [...CLAIM_CSV_COLUMNS];
  if (f.kind === "csvShuffle") columns = f.order.map((i) => CLAIM_CSV_COLUMNS[i]);
  if (f.kind === "csvDropOptional") columns = columns.filter((c) => !OPTIONAL_CSV_COLUMNS.includes(c as never));
  const header = [...columns];
  if (f.kind === "csvUnknownColumn") header.push("favourite_colour");
  if (f.kind === "csvMissingColumn") header.splice(header.indexOf("claim_number"), 1);
  if (f.kind === "csvDuplicateColumn") header.push("sex");
  const lines = [f.kind === "csvSemicolon" ? header.join(";") : header.join(",")];
  if (f.kind !== "csvHeaderOnly") {
    claims.forEach((c, i) => {
      const cells = header.map((h) => cell(CSV_FIELD[h]?.(c)));
      if (f.kind === "csvFieldCount" && f.row === i) cells.push("surplus");
      if (f.kind === "csvOpenQuote" && f.row === i) cells[1] = `"${cells[1]}`;
      lines.push(f.kind === "csvSemicolon" ? cells.join(";") : cells.join(","));
    });
  }
  return { text: lines.join("\r\n") + "\r\n", rowsKnown: f.kind !== "csvOpenQuote" && f.kind !== "csvDropOptional" };
}

function renderJson(spec: FileSpec, claims: Record<string, unknown>[]): string {
  if (spec.format === "ndjson") {
    const lines = claims.map((c, i) => (spec.file.kind === "ndjsonGarbageLine" && spec.file.row === i ? `{"claimNumber": ${JSON.stringify(c.claimNumber)}, "patientId": '${String(c.patientId)}'}` : JSON.stringify(c)));
    return (spec.file.kind === "ndjsonBlankLines" ? lines.join("\n\n  \n") : lines.join("\n")) + "\n";
  }
  if (spec.file.kind === "jsonEmptyArray") return "[]";
  const doc = spec.wrapper === "single" ? claims[0] : spec.wrapper === "object" ? { claims } : claims;
  const text = JSON.stringify(doc, null, 1);
  return spec.file.kind === "jsonTruncate" ? text.slice(0, 1 + (spec.file.at % Math.max(1, text.length - 2))) : text;
}

/** Renders a file spec into bytes; `run` (the file's number in the run) makes its ids unique. */
export function renderFile(spec: FileSpec, run: number): RenderedFile {
  const built = spec.claims.map((c, i) => claimObject(c, `${run}R${i + 1}`, spec.format));
  const claims = built.map((b) => b.claim);
  let text: string;
  let rowsKnown = true;
  if (spec.format === "csv") ({ text, rowsKnown } = renderCsv(spec, claims));
  else text = renderJson(spec, claims);
  let bytes = encodeWithBadBytes(text, spec.badBytes);
  if (spec.file.kind === "utf16Bom") bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
  if (spec.file.kind === "empty") bytes = new Uint8Array();
  const contentType = spec.file.kind === "wrongContentType" ? "application/xml" : { csv: "text/csv", ndjson: "application/x-ndjson", json: "application/json" }[spec.format];
  const rows = spec.claims.map((c, i): RowExpect => (spec.file.kind === "ndjsonGarbageLine" && spec.file.row === i ? { code: "E_JSON_SYNTAX" } : expectOf(c.corruption, spec.format)));
  if (spec.file.kind === "csvFieldCount") rows[spec.file.row] = { code: "E_CSV_FIELD_COUNT" };
  return { bytes, contentType, expectFile: FILE_EXPECT[spec.file.kind], rows: rowsKnown ? rows : undefined, patientIds: built.flatMap((b) => b.patientIds) };
}
