import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CLAIM_CSV_COLUMNS } from "./claim-csv.ts";
import { parseClaim } from "./claim-errors.ts";
import { recordsOf, type FileFormat, type SourceRecord } from "./record-sources.ts";

const claim = {
  hospitalCode: "H10-DEC915", claimNumber: "C1", patientId: "880101-14-5566", admissionDate: "2027-01-03", dischargeDate: "2027-01-07",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1970-05-05", principalDiagnosis: "I21.9", totalCharges: "12345.60",
};
const csvLine = (c: Record<string, string>) => CLAIM_CSV_COLUMNS.map((col) => c[col.replace(/_([a-z])/g, (_m, l: string) => l.toUpperCase())] ?? "").join(",");

/** The claim in each format, its claim number holding byte 0xFF where the X is. */
function fileWithBadByte(format: FileFormat): Buffer {
  const c = { ...claim, claimNumber: "C-X-1" };
  const text = format === "csv" ? `${CLAIM_CSV_COLUMNS.join(",")}\n${csvLine(c)}\n` : format === "ndjson" ? `${JSON.stringify(c)}\n` : JSON.stringify([c]);
  const bytes = Buffer.from(text);
  bytes[bytes.indexOf("C-X-1") + 2] = 0xff;
  return bytes;
}

async function records(format: FileFormat, bytes: Buffer): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of recordsOf(format, Readable.from([bytes]), 1024 * 1024)) out.push(r);
  return out;
}

/** The codes intake lands a row with: the record's own errors and the claim schema's, as ingest does. */
async function rowCodes(format: FileFormat, bytes: Buffer): Promise<string[]> {
  const [r] = await records(format, bytes);
  const parsed = parseClaim(r.input);
  return [...r.errors, ...(parsed.ok ? [] : parsed.errors)].map((e) => `${e.code}:${e.field}`);
}

describe("one set of input rules for every format", () => {
  it.each(["csv", "ndjson", "json"] as const)("bytes that are not UTF-8 in a %s claim reject it with E_ENCODING naming the field", async (format) => {
    expect(await rowCodes(format, fileWithBadByte(format))).toEqual(["E_ENCODING:claimNumber"]);
  });
  it("an application/json batch does not silently replace bytes that are not UTF-8", async () => {
    const [r] = await records("json", fileWithBadByte("json"));
    expect(parseClaim(r.input).ok).toBe(false);
  });
});

describe("personal data never echoed by intake's own errors", () => {
  it("a line that is not JSON is rejected with its position, never a piece of its text", async () => {
    // Single quotes, as some exporters write: the engine's own message quotes the text around the fault, `..."tientId": '880101-14"...`.
    const [r] = await records("ndjson", Buffer.from(`{"claimNumber": "C1", "patientId": '880101-14-5566'}\n`));
    expect(r.errors).toEqual([{ code: "E_JSON_SYNTAX", field: "(row)", message: expect.stringMatching(/^the line is not valid JSON/) }]);
    expect(JSON.stringify(r)).not.toContain("880101");
  });
  it("a JSON body that is not JSON is refused without quoting it", async () => {
    const body = Buffer.from(`[{"claimNumber": "C1", "patientId": '880101-14-5566'}]`);
    const refusal = await records("json", body).then(() => undefined, (error: Error) => error.message);
    expect(refusal).toMatch(/^the body is not valid JSON/);
    expect(refusal).not.toContain("880101");
  });
  it("a CSV row whose fields do not line up with the header keeps none of its values", async () => {
    const line = csvLine(claim).replace("C1,", "C1,surplus,");
    const [r] = await records("csv", Buffer.from(`${CLAIM_CSV_COLUMNS.join(",")}\n${line}\n`));
    expect(r.input).toEqual({});
    expect(r.errors.map((e) => e.code)).toEqual(["E_CSV_FIELD_COUNT"]);
  });
});

describe("a file that is no claim file", () => {
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from("[Content_Types].xml")]);
  it.each(["csv", "ndjson", "json"] as const)("sent as %s, a spreadsheet (ZIP) is refused naming it instead of its bytes echoed as columns", async (format) => {
    const refusal = await records(format, zip).then(() => undefined, (error: Error & { code?: string }) => error);
    expect(refusal?.code).toBe("E_FILE_TYPE");
    expect(refusal?.message).toContain("Excel .xlsx");
    expect(refusal?.message).not.toMatch(/unknown column/);
  });
  it("a PDF, a gzip file and an old .xls are named too", async () => {
    const message = async (bytes: number[]) => records("csv", Buffer.from(bytes)).then(() => "", (error: Error) => error.message);
    expect(await message([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])).toContain("a PDF document");
    expect(await message([0x1f, 0x8b, 0x08, 0x00])).toContain("gzip-compressed");
    expect(await message([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])).toContain("Excel .xls");
  });
});
