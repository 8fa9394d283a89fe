import type { z } from "zod";
import type { CsvIssue } from "./csv.ts";

/** A CSV text with the file name to report problems against. */
export type CsvFile = { file: string; text: string };

/** Collects issues for one file, at most `limit` of them, so a bad file is reported in one pass. */
export type IssueSink = { issues: CsvIssue[]; add: (issue: CsvIssue) => void };

export function createIssueSink(limit = 50): IssueSink {
  const issues: CsvIssue[] = [];
  return { issues, add: (issue) => void (issues.length < limit && issues.push(issue)) };
}

/** Parses a whole number of a CSV cell, or records an issue naming the column and returns NaN. */
export function wholeNumber(value: string, at: { file: string; line: number; column: string }, sink: IssueSink): number {
  if (/^\d+$/.test(value)) return Number(value);
  sink.add({ ...at, message: `"${value}" is not a whole number` });
  return Number.NaN;
}

/**
 * Validates a row object with a zod schema and reports each failure against the CSV column that holds the
 * field (`columns` maps schema field names to column names).
 */
export function validateRow<S extends z.ZodType>(
  schema: S,
  row: unknown,
  at: { file: string; line: number },
  columns: Record<string, string>,
  sink: IssueSink,
): z.infer<S> | undefined {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    const shown = (row as Record<string, unknown>)[field];
    sink.add({ ...at, column: columns[field] ?? field, message: `${JSON.stringify(shown)}: ${issue.message}` });
  }
  return undefined;
}

/** Reads a two-column key,value CSV (the settings file of a tariff or register) into a map with lines. */
export function keyValues(rows: { line: number; values: Record<string, string> }[]): Map<string, { line: number; value: string }> {
  const map = new Map<string, { line: number; value: string }>();
  for (const row of rows) map.set(row.values.key, { line: row.line, value: row.values.value });
  return map;
}
