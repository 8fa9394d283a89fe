/**
 * A small RFC 4180 CSV reader that keeps the line number of every record, so importers can name the
 * file, line and column of a bad value. Quoted fields may hold commas, doubled quotes and newlines (the
 * MOH facilities file quotes names such as "Hospital Sultanah Aminah, Johor Bahru").
 */

/** One CSV record with the 1-based line it starts on. */
export type CsvRecord = { line: number; fields: string[] };

/** A CSV problem with the place it was found. */
export type CsvIssue = { file: string; line: number; column?: string; message: string };

/** The records of a CSV text, or the first syntax problem. */
export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; issue: CsvIssue };

/**
 * Splits CSV text into records. Blank lines are skipped; a trailing newline is optional.
 *
 * @example
 * parseCsv("a,b\n1,\"x, y\"\n", "f.csv") // records: [{line:1,fields:["a","b"]},{line:2,fields:["1","x, y"]}]
 */
export function parseCsv(text: string, file: string): CsvParseResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== "") return { ok: false, issue: { file, line, message: "a quote appears inside an unquoted field" } };
      inQuotes = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) return { ok: false, issue: { file, line: recordLine, message: "a quoted field is never closed" } };
  if (field !== "" || fields.length > 0) endRecord();
  return { ok: true, records };
}

/** Rows of a CSV with a header, as objects keyed by column name, each with its line number. */
export type CsvTable = { ok: true; rows: { line: number; values: Record<string, string> }[] } | { ok: false; issue: CsvIssue };

/**
 * Parses CSV text whose first record is a header, checking that every required column is present and
 * that every record has as many fields as the header.
 */
export function parseCsvTable(text: string, file: string, requiredColumns: readonly string[]): CsvTable {
  const parsed = parseCsv(text, file);
  if (!parsed.ok) return parsed;
  const [header, ...body] = parsed.records;
  if (!header) return { ok: false, issue: { file, line: 1, message: "the file is empty; a header row is required" } };
  const columns = header.fields.map((name) => name.trim());
  for (const required of requiredColumns) {
    if (!columns.includes(required)) {
      return { ok: false, issue: { file, line: header.line, column: required, message: `the header has no column "${required}"` } };
    }
  }
  const rows: { line: number; values: Record<string, string> }[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      const message = `the row has ${record.fields.length} fields but the header has ${columns.length}`;
      return { ok: false, issue: { file, line: record.line, message } };
    }
    const values: Record<string, string> = {};
    columns.forEach((name, index) => (values[name] = record.fields[index].trim()));
    rows.push({ line: record.line, values });
  }
  return { ok: true, rows };
}

/** Formats an issue as "file:line column "x": message" for people reading a log or a terminal. */
export function formatCsvIssue(issue: CsvIssue): string {
  return `${issue.file}:${issue.line}${issue.column ? ` column "${issue.column}"` : ""}: ${issue.message}`;
}
