import type { Readable } from "node:stream";
import { createCsvParser } from "./csv-parser.ts";
import { csvRowToClaimInput, readCsvHeader, type FileError } from "./claim-csv.ts";
import type { ClaimError } from "./claim-errors.ts";

/** One submitted row, before the claim schema: its 1-based number, its JSON form, and row-level errors. */
export type SourceRecord = { rowNo: number; input: Record<string, unknown>; errors: ClaimError[] };

/** The formats a batch file may come in. */
export type FileFormat = "csv" | "ndjson" | "json";

export class FileRejected extends Error {
  readonly code: string;
  constructor(error: FileError) {
    super(error.message);
    this.code = error.code;
  }
}

/**
 * Why a text is not JSON, with the position but without the text: the engine's message quotes a
 * piece of the input, which can hold a patient identifier (issue 16 point 5).
 */
export function jsonSyntaxReason(error: unknown): string {
  const at = /at position (\d+)/.exec(error instanceof Error ? error.message : "");
  return at ? `not valid JSON (at character ${at[1]})` : "not valid JSON";
}

/**
 * Files that are no claim file, by their first bytes, named with what to do: a spreadsheet sent as it
 * is was once read as CSV and its binary header echoed back as "unknown column(s)" (issue 18). An
 * .xlsx or .ods is a ZIP archive, an old .xls an OLE2 compound file.
 */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (an Excel .xlsx or OpenDocument spreadsheet is one): save the sheet as CSV UTF-8 (comma delimited), or unpack the archive, and send that" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: "an old Office document (an Excel .xls): save the sheet as CSV UTF-8 (comma delimited) and send that" },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "a PDF document: send the claims as CSV, NDJSON or JSON exported from the hospital system" },
  { bytes: [0x1f, 0x8b], what: "gzip-compressed: decompress it and send the file inside" },
];

/** Rejects UTF-16/32 files by their byte-order mark (they decode as garbage otherwise), and files of a known binary kind. */
function checkFirstBytes(bytes: Uint8Array): void {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    throw new FileRejected({ code: "E_FILE_ENCODING", message: "the file is UTF-16 (byte-order mark FF FE or FE FF); save it as UTF-8" });
  }
  const kind = MAGIC.find((m) => m.bytes.every((byte, i) => bytes[i] === byte));
  if (kind) throw new FileRejected({ code: "E_FILE_TYPE", message: `the file is not CSV, NDJSON or JSON: it looks like ${kind.what}` });
}

/**
 * Streams a CSV claim file into records: the header is checked first (a bad header rejects the
 * file before any chunk), then every row becomes a record, bad rows included, each with its errors.
 * A UTF-8 byte-order mark is dropped (spreadsheets write one). Bytes that are not UTF-8 decode to
 * U+FFFD, which the claim's character rules reject in the field that holds them, as in every format.
 */
export async function* csvRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
  const parser = createCsvParser();
  let layout: ReturnType<typeof readCsvHeader> | undefined;
  let rowNo = 0;
  let first = true;
  const convert = function* (records: ReturnType<typeof parser.push>): Generator<SourceRecord> {
    for (const record of records) {
      if (!layout) {
        layout = readCsvHeader(record.fields);
        if (!layout.ok) throw new FileRejected(layout.error);
        if (record.error) throw new FileRejected({ code: record.error.code, message: `header: ${record.error.message}` });
        continue;
      }
      if (!layout.ok) return;
      rowNo++;
      const { input, errors } = csvRowToClaimInput(record.fields, layout.layout);
      // A row whose fields do not line up with the header (a quoting fault, a field too many or too
      // few) cannot say which value is which: a patient identifier could sit under claim_number.
      // It is rejected with its fault and none of its values is kept outside raw/.
      if (record.error || record.fields.length !== layout.layout.width) {
        yield { rowNo, input: {}, errors: [...(record.error ? [{ ...record.error, field: "(row)" }] : []), ...errors.filter((e) => e.field === "(row)")] };
      } else yield { rowNo, input, errors };
    }
  };
  for await (const piece of stream) {
    const bytes = piece as Uint8Array;
    if (first && bytes.length > 0) {
      checkFirstBytes(bytes);
      first = false;
    }
    yield* convert(parser.push(decoder.decode(bytes, { stream: true })));
  }
  yield* convert(parser.push(decoder.decode()));
  yield* convert(parser.end());
  if (!layout) throw new FileRejected({ code: "E_FILE_EMPTY", message: "the file is empty: it has no header and no claims" });
}

/** Streams newline-delimited JSON: one claim object per line; a line that is not JSON is a rejected row. */
export async function* ndjsonRecords(stream: Readable, maxLineChars = 1_000_000): AsyncGenerator<SourceRecord> {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let rest = "";
  let rowNo = 0;
  let first = true;
  const lineRecord = (line: string): SourceRecord | undefined => {
    if (line.trim() === "") return undefined;
    rowNo++;
    if (line.length > maxLineChars) return { rowNo, input: {}, errors: [{ code: "E_JSON_TOO_LARGE", field: "(row)", message: `the line is longer than ${maxLineChars} characters` }] };
    return jsonRecord(rowNo, line);
  };
  for await (const piece of stream) {
    const bytes = piece as Uint8Array;
    if (first && bytes.length > 0) {
      checkFirstBytes(bytes);
      first = false;
    }
    rest += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf("\n")) !== -1) {
      const r = lineRecord(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      if (r) yield r;
    }
    if (rest.length > maxLineChars * 2) rest = rest.slice(0, maxLineChars + 1);
  }
  rest += decoder.decode();
  const r = lineRecord(rest);
  if (r) yield r;
  if (rowNo === 0) throw new FileRejected({ code: "E_FILE_EMPTY", message: "the file holds no claims" });
}

/** Nesting deeper than this is no claim (a claim nests 3 levels): refuse it before JSON.parse. */
const MAX_JSON_DEPTH = 8;

export function jsonDepthExceeded(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function jsonRecord(rowNo: number, text: string): SourceRecord {
  if (jsonDepthExceeded(text)) return { rowNo, input: {}, errors: [{ code: "E_JSON_DEPTH", field: "(row)", message: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels` }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rowNo, input: {}, errors: [{ code: "E_JSON_SYNTAX", field: "(row)", message: `the line is ${jsonSyntaxReason(error)}` }] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { rowNo, input: {}, errors: [{ code: "E_JSON_NOT_OBJECT", field: "(row)", message: "each claim must be a JSON object" }] };
  }
  return { rowNo, input: value as Record<string, unknown>, errors: [] };
}

/**
 * A JSON document: one claim object, or `{ "claims": [...] }`, or an array of claims. Decoded like
 * CSV and NDJSON: bytes that are not UTF-8 become U+FFFD, and the character rules reject the claim
 * (and only the claim) whose field holds them, with E_ENCODING naming the field.
 */
export async function* jsonRecords(stream: Readable, maxBytes: number): AsyncGenerator<SourceRecord> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of stream) {
    size += (piece as Buffer).length;
    if (size > maxBytes) throw new FileRejected({ code: "E_JSON_TOO_LARGE", message: `a JSON document may be at most ${maxBytes} bytes; send large batches as CSV or NDJSON` });
    parts.push(piece as Buffer);
  }
  if (size === 0) throw new FileRejected({ code: "E_FILE_EMPTY", message: "the request body is empty" });
  checkFirstBytes(parts[0]);
  const text = new TextDecoder("utf-8").decode(Buffer.concat(parts));
  if (jsonDepthExceeded(text)) throw new FileRejected({ code: "E_JSON_DEPTH", message: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FileRejected({ code: "E_JSON_SYNTAX", message: `the body is ${jsonSyntaxReason(error)}` });
  }
  const claims = Array.isArray(value) ? value : typeof value === "object" && value !== null && Array.isArray((value as { claims?: unknown }).claims) ? (value as { claims: unknown[] }).claims : [value];
  if (claims.length === 0) throw new FileRejected({ code: "E_FILE_EMPTY", message: "the batch holds no claims" });
  let rowNo = 0;
  for (const claim of claims) {
    rowNo++;
    if (typeof claim !== "object" || claim === null || Array.isArray(claim)) {
      yield { rowNo, input: {}, errors: [{ code: "E_JSON_NOT_OBJECT", field: "(row)", message: "each claim must be a JSON object" }] };
    } else yield { rowNo, input: claim as Record<string, unknown>, errors: [] };
  }
}

export function recordsOf(format: FileFormat, stream: Readable, maxJsonBytes: number): AsyncGenerator<SourceRecord> {
  if (format === "csv") return csvRecords(stream);
  if (format === "ndjson") return ndjsonRecords(stream);
  return jsonRecords(stream, maxJsonBytes);
}
