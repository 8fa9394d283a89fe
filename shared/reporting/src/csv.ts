import { DIMENSIONS, type Dimension, type FigureRow } from "./types.ts";

/** The CSV columns of a figures export, in order (snake_case, as analysts' tools expect). */
export const FIGURE_COLUMNS = [
  ["period", "period"],
  ["dimension", "dimension"],
  ["hospital_code", "hospitalCode"],
  ["mdc", "mdc"],
  ["drg", "drg"],
  ["cases", "cases"],
  ["weight_sum_e4", "weightSumE4"],
  ["casemix_index", "casemixIndex"],
  ["los_sum", "losSum"],
  ["average_los", "averageLos"],
  ["total_sen", "totalSen"],
  ["mean_sen", "meanSen"],
  ["flagged", "flagged"],
  ["outlier_rate", "outlierRate"],
] as const satisfies readonly (readonly [string, keyof FigureRow])[];

/** Quotes a field when RFC 4180 requires it (comma, quote, CR or LF), doubling inner quotes. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Figure rows as RFC 4180 CSV with a header line and CRLF line ends. */
export function figuresToCsv(rows: readonly FigureRow[]): string {
  const lines = [FIGURE_COLUMNS.map(([c]) => c).join(",")];
  for (const r of rows) lines.push(FIGURE_COLUMNS.map(([, k]) => field(String(r[k]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** Parses RFC 4180 CSV into records of strings (quoted fields may hold commas, quotes and line breaks). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (value += '"'), i++;
      else if (ch === '"') quoted = false;
      else value += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") record.push(value), (value = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(value);
      records.push(record);
      record = [];
      value = "";
    } else value += ch;
  }
  if (value !== "" || record.length > 0) record.push(value), records.push(record);
  return records;
}

export type CsvError = { code: "E_CSV_HEADER" | "E_CSV_VALUE"; line: number; message: string };

/** Reads a figures CSV back into rows; the header must be exactly {@link FIGURE_COLUMNS}. */
export function figuresFromCsv(text: string): { ok: true; rows: FigureRow[] } | { ok: false; error: CsvError } {
  const [header, ...records] = parseCsvRecords(text);
  const expected = FIGURE_COLUMNS.map(([c]) => c);
  if (!header || header.join(",") !== expected.join(",")) {
    return { ok: false, error: { code: "E_CSV_HEADER", line: 1, message: `the header must be ${expected.join(",")}` } };
  }
  const rows: FigureRow[] = [];
  for (const [i, rec] of records.entries()) {
    const get = (k: keyof FigureRow) => rec[FIGURE_COLUMNS.findIndex(([, key]) => key === k)];
    const dimension = get("dimension") as Dimension;
    if (rec.length !== expected.length || !DIMENSIONS.includes(dimension)) {
      return { ok: false, error: { code: "E_CSV_VALUE", line: i + 2, message: `expected ${expected.length} fields and a known dimension` } };
    }
    rows.push({
      period: get("period"), dimension, hospitalCode: get("hospitalCode"), mdc: get("mdc"), drg: get("drg"),
      cases: Number(get("cases")), weightSumE4: get("weightSumE4"), casemixIndex: get("casemixIndex"),
      losSum: Number(get("losSum")), averageLos: get("averageLos"), totalSen: get("totalSen"), meanSen: get("meanSen"),
      flagged: Number(get("flagged")), outlierRate: get("outlierRate"),
    });
  }
  return { ok: true, rows };
}
