/**
 * The bad-input corpus (issue 4): malformed inputs, each with the specific outcome it must produce.
 * `file` cases are refused as a whole (HTTP status and code); `row` cases are accepted as a batch
 * and row 1 must be rejected with at least the listed codes; `ok` cases must be accepted (the input
 * looks odd but is valid) with the given states.
 */
export type CorpusCase = {
  name: string;
  body: Uint8Array | string;
  contentType?: string;
  hospital?: string;
  expect: { file: { status: number; code: string } } | { row: string[] } | { ok: string[] };
};

export const HOSPITAL = "H10-DEC915";

export const HEADER = "hospital_code,claim_number,patient_id,admission_date,discharge_date,admission_type,discharge_status,sex,date_of_birth,birth_weight_grams,principal_diagnosis,secondary_diagnoses,procedures,procedure_dates,department,total_charges";

export type Row = Record<string, string>;

export const GOOD: Row = {
  hospital_code: HOSPITAL, claim_number: "BAD-1", patient_id: "700505-10-1234", admission_date: "2026-03-01", discharge_date: "2026-03-05",
  admission_type: "emergency", discharge_status: "1", sex: "M", date_of_birth: "1970-05-05", birth_weight_grams: "", principal_diagnosis: "I21.9",
  secondary_diagnoses: "I10", procedures: "37.22", procedure_dates: "2026-03-02", department: "MED", total_charges: "12345.60",
};

const line = (r: Row) => HEADER.split(",").map((c) => r[c] ?? "").join(",");
/** A file of the header and one row built from GOOD with overrides (cells written as given, unquoted). */
export const csv = (overrides: Row = {}, header = HEADER) => `${header}\r\n${line({ ...GOOD, ...overrides })}\r\n`;
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const goodJson = {
  hospitalCode: HOSPITAL, claimNumber: "BAD-J", patientId: "700505-10-1234", admissionDate: "2026-03-01", dischargeDate: "2026-03-05",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", secondaryDiagnoses: ["I10"],
  procedures: [{ code: "37.22", date: "2026-03-02" }], department: "MED", totalCharges: "12345.60",
};
const file = (status: number, code: string) => ({ file: { status, code } });
const row = (...codes: string[]) => ({ row: codes });

export const corpus: CorpusCase[] = [
  { name: "an empty file", body: "", expect: file(400, "E_FILE_EMPTY") },
  { name: "a header without claims", body: `${HEADER}\r\n`, expect: file(400, "E_FILE_NO_CLAIMS") },
  { name: "a file separated by semicolons", body: csv().replace(/,/g, ";"), expect: file(400, "E_CSV_DELIMITER") },
  { name: "a file separated by tabs", body: csv().replace(/,/g, "\t"), expect: file(400, "E_CSV_DELIMITER") },
  { name: "a missing required column", body: csv({}, HEADER.replace(",total_charges", "")), expect: file(400, "E_CSV_COLUMN_MISSING") },
  { name: "an unknown extra column", body: `${HEADER},ward\r\n${line(GOOD)},W1\r\n`, expect: file(400, "E_CSV_COLUMN_UNKNOWN") },
  { name: "a column named twice", body: `${HEADER},sex\r\n${line(GOOD)},M\r\n`, expect: file(400, "E_CSV_COLUMN_DUPLICATE") },
  { name: "a UTF-16 file", body: new Uint8Array([0xff, 0xfe, ...Buffer.from(csv(), "utf16le")]), expect: file(400, "E_FILE_ENCODING") },
  { name: "a JSON bomb (deep nesting)", body: "[".repeat(100_000) + "]".repeat(100_000), contentType: "application/json", expect: file(400, "E_JSON_DEPTH") },
  { name: "JSON that does not parse", body: '{"claims": [', contentType: "application/json", expect: file(400, "E_JSON_SYNTAX") },
  { name: "a JSON batch with no claims", body: '{"claims": []}', contentType: "application/json", expect: file(400, "E_FILE_EMPTY") },
  { name: "a JSON document over the size limit", body: JSON.stringify({ claims: [{ ...goodJson, department: "x".repeat(2_100_000) }] }), contentType: "application/json", expect: file(400, "E_JSON_TOO_LARGE") },
  { name: "a file over the size limit", body: csv({ department: "x".repeat(9_000_000) }), expect: file(400, "E_FILE_TOO_LARGE") },
  { name: "an XML body", body: "<claims/>", contentType: "application/xml", expect: file(415, "E_CONTENT_TYPE") },
  { name: "another hospital's batch with a hospital token", body: csv(), hospital: "H04-AD057A", expect: file(403, "E_FORBIDDEN_HOSPITAL") },
  { name: "a truncated file ending inside a quoted field", body: `${HEADER}\r\n${line(GOOD).replace(",MED,", ',"MED')}`, expect: row("E_CSV_UNTERMINATED_QUOTE") },
  { name: "a row with a field missing", body: `${HEADER}\r\n${line(GOOD).replace(/,12345\.60$/, "")}\r\n`, expect: row("E_CSV_FIELD_COUNT") },
  { name: "a row with an extra field", body: `${HEADER}\r\n${line(GOOD)},extra\r\n`, expect: row("E_CSV_FIELD_COUNT") },
  { name: "a bare quote inside a field", body: csv({ department: 'M"ED' }), expect: row("E_CSV_QUOTE") },
  { name: "text after a closing quote", body: csv({ department: '"MED"X' }), expect: row("E_CSV_QUOTE") },
  { name: "a huge field", body: csv({ department: "x".repeat(100_000) }), expect: row("E_CSV_FIELD_TOO_LONG") },
  { name: "bytes that are not UTF-8", body: new Uint8Array([...Buffer.from(csv().replace("MED", "M@D"))].map((b) => (b === 0x40 ? 0xe9 : b))), expect: row("E_ENCODING") },
  { name: "a day-first date", body: csv({ discharge_date: "05/03/2026" }), expect: row("E_DATE_FORMAT") },
  { name: "an impossible date", body: csv({ date_of_birth: "1970-02-30" }), expect: row("E_DATE_FORMAT") },
  { name: "a date with a time", body: csv({ admission_date: "2026-03-01T10:00:00" }), expect: row("E_DATE_FORMAT") },
  { name: "discharge before admission", body: csv({ discharge_date: "2026-02-27", procedure_dates: "" }), expect: row("E_DATES_ORDER") },
  { name: "a discharge in the future", body: csv({ discharge_date: "2099-01-01" }), expect: row("E_DATE_FUTURE") },
  { name: "a birth after admission", body: csv({ date_of_birth: "2026-03-03" }), expect: row("E_BIRTH_AFTER_ADMISSION") },
  { name: "an implausible age", body: csv({ date_of_birth: "1850-01-01" }), expect: row("E_AGE_IMPLAUSIBLE") },
  { name: "no principal diagnosis", body: csv({ principal_diagnosis: "" }), expect: row("E_REQUIRED") },
  { name: "a diagnosis code the definition cannot read", body: csv({ principal_diagnosis: "ZZZ.99" }), expect: row("E_DX_SYNTAX") },
  { name: "an unknown diagnosis code", body: csv({ principal_diagnosis: "A00.0" }), expect: row("E_DX_UNKNOWN") },
  { name: "an unknown procedure code", body: csv({ procedures: "99.99" }), expect: row("E_PX_UNKNOWN") },
  { name: "a diagnosis for the other sex", body: csv({ principal_diagnosis: "O80", procedures: "", procedure_dates: "" }), expect: row("E_DX_SEX") },
  { name: "a diagnosis outside its age range", body: csv({ secondary_diagnoses: "P07.3" }), expect: row("E_DX_AGE") },
  { name: "a newborn without birth weight", body: csv({ admission_type: "newborn", date_of_birth: "2026-03-01", principal_diagnosis: "Z38.0", secondary_diagnoses: "", procedures: "", procedure_dates: "" }), expect: row("E_BIRTH_WEIGHT_MISSING") },
  { name: "a newborn admission for an adult", body: csv({ admission_type: "newborn" }), expect: row("E_NEWBORN_AGE") },
  { name: "a birth weight for an adult", body: csv({ birth_weight_grams: "3200" }), expect: row("E_BIRTH_WEIGHT_NOT_NEWBORN") },
  { name: "a birth weight that is not a number", body: csv({ birth_weight_grams: "heavy" }), expect: row("E_TYPE") },
  { name: "a hospital not in the register", body: csv({ hospital_code: "ZZ-000000" }), hospital: "ZZ-000000", expect: row("E_HOSPITAL_UNKNOWN") },
  { name: "a claim for another hospital inside the batch", body: csv({ hospital_code: "H04-AD057A" }), expect: row("E_HOSPITAL_MISMATCH") },
  { name: "a lower-case hospital code", body: csv({ hospital_code: "h10-dec915" }), expect: row("E_HOSPITAL_CODE_FORMAT") },
  { name: "charges with three decimals", body: csv({ total_charges: "12.345" }), expect: row("E_CHARGES_FORMAT") },
  { name: "negative charges", body: csv({ total_charges: "-5.00" }), expect: row("E_CHARGES_FORMAT") },
  { name: "charges with a thousands separator", body: csv({ total_charges: q("12,345.60") }), expect: row("E_CHARGES_FORMAT") },
  { name: "an unknown sex", body: csv({ sex: "X" }), expect: row("E_VALUE_NOT_ALLOWED") },
  { name: "an unknown discharge status", body: csv({ discharge_status: "7" }), expect: row("E_VALUE_NOT_ALLOWED") },
  { name: "a spreadsheet formula as claim number", body: csv({ claim_number: q("=HYPERLINK(\"http://x\",\"y\")") }), expect: row("E_FORMULA_TEXT") },
  { name: "a control character in the claim number", body: csv({ claim_number: "BAD\u0007" }), expect: row("E_CONTROL_CHARACTER") },
  { name: "a claim number over 64 characters", body: csv({ claim_number: "N".repeat(65) }), expect: row("E_TOO_LONG") },
  { name: "the principal repeated as a secondary", body: csv({ secondary_diagnoses: "I21.9" }), expect: row("E_PDX_REPEATED") },
  { name: "a secondary listed twice", body: csv({ secondary_diagnoses: "I10|I10" }), expect: row("E_SDX_REPEATED") },
  { name: "a procedure dated outside the stay", body: csv({ procedure_dates: "2026-04-01" }), expect: row("E_PROCEDURE_DATE_OUTSIDE_STAY") },
  { name: "procedure dates not aligned with procedures", body: csv({ procedure_dates: "2026-03-02|2026-03-03" }), expect: row("E_PROCEDURE_DATES_COUNT") },
  { name: "an NDJSON line that is not JSON", body: "{not json}\n", contentType: "application/x-ndjson", expect: row("E_JSON_SYNTAX") },
  { name: "an NDJSON line that is an array", body: "[1,2]\n", contentType: "application/x-ndjson", expect: row("E_JSON_NOT_OBJECT") },
  { name: "a JSON claim with an unknown field", body: JSON.stringify([{ ...goodJson, ward: "W1" }]), contentType: "application/json", expect: row("E_FIELD_UNKNOWN") },
  { name: "a JSON birth weight written as text", body: JSON.stringify([{ ...goodJson, birthWeightGrams: "3200" }]), contentType: "application/json", expect: row("E_TYPE") },
  { name: "a JSON claim that is a string", body: JSON.stringify(["claim"]), contentType: "application/json", expect: row("E_JSON_NOT_OBJECT") },
  // Values the database refuses (issue 16 point 2): intake rejects the claim with a coded reason and stores none of them, so no chunk is stranded.
  { name: "a NUL byte in a JSON claim number", body: JSON.stringify([{ ...goodJson, claimNumber: "BAD\u0000J" }]), contentType: "application/json", expect: row("E_CONTROL_CHARACTER") },
  { name: "a lone surrogate in a JSON date", body: JSON.stringify([{ ...goodJson, dischargeDate: "2026-03-\ud80005" }]), contentType: "application/json", expect: row("E_ENCODING") },
  { name: "a NUL byte in a JSON field name", body: JSON.stringify([{ ...goodJson, "w\u0000": "1" }]), contentType: "application/json", expect: row("E_CONTROL_CHARACTER") },
  { name: "an admission in year 0000", body: csv({ admission_date: "0000-03-01" }), expect: row("E_DATE_FORMAT") },
  // One set of input rules (issue 16 point 4): a JSON batch refuses bytes that are not UTF-8 as CSV and NDJSON do.
  { name: "bytes that are not UTF-8 in a JSON batch", body: new Uint8Array([...Buffer.from(JSON.stringify([{ ...goodJson, department: "M@D" }]))].map((b) => (b === 0x40 ? 0xe9 : b))), contentType: "application/json", expect: row("E_ENCODING") },
  { name: "SQL injection in the claim number is stored as text", body: csv({ claim_number: "x'); DROP TABLE claim;--" }), expect: { ok: ["validated"] } },
  { name: "a UTF-8 byte-order mark is accepted", body: "\uFEFF" + csv({ claim_number: "BOM-1" }), expect: { ok: ["validated"] } },
  { name: "a quoted newline stays inside its field", body: `${HEADER}\r\n${line({ ...GOOD, claim_number: "NL-1", department: q("MED\nWARD 3") })}\r\n${line({ ...GOOD, claim_number: "NL-2", patient_id: "X2" })}\r\n`, expect: { ok: ["validated", "validated"] } },
  { name: "blank lines and mixed line ends are tolerated", body: `${HEADER}\n\n${line({ ...GOOD, claim_number: "LE-1" })}\r\n\r\n${line({ ...GOOD, claim_number: "LE-2", patient_id: "X3" })}\n`, expect: { ok: ["validated", "validated"] } },
];
