import { describe, expect, it } from "vitest";
import { formatCsvIssue, parseCsv, parseCsvTable } from "./csv.ts";

describe("parseCsv", () => {
  it("keeps commas and doubled quotes inside quoted fields", () => {
    const parsed = parseCsv('name,state\n"Hospital Sultanah Aminah, Johor Bahru",Johor\n"say ""hi""",x\n', "f.csv");
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["name", "state"] },
        { line: 2, fields: ["Hospital Sultanah Aminah, Johor Bahru", "Johor"] },
        { line: 3, fields: ['say "hi"', "x"] },
      ],
    });
  });
  it("counts lines across CRLF endings, blank lines and newlines inside quotes", () => {
    const parsed = parseCsv('a\r\n"x\ny"\r\n\r\nlast', "f.csv");
    expect(parsed.ok && parsed.records.map((r) => r.line)).toEqual([1, 2, 5]);
  });
  it("reports an unclosed quote with the line where its record starts", () => {
    expect(parseCsv('a\n"open,b\n', "f.csv")).toEqual({
      ok: false,
      issue: { file: "f.csv", line: 2, message: "a quoted field is never closed" },
    });
  });
});

describe("parseCsvTable", () => {
  it("names the missing column", () => {
    const table = parseCsvTable("drg,weight\n", "drgs.csv", ["drg", "mean_los"]);
    expect(table.ok === false && formatCsvIssue(table.issue)).toBe('drgs.csv:1 column "mean_los": the header has no column "mean_los"');
  });
  it("names the line of a row with the wrong number of fields", () => {
    const table = parseCsvTable("a,b\n1,2\n3\n", "t.csv", ["a"]);
    expect(table.ok === false && table.issue.line).toBe(3);
  });
  it("returns rows keyed by column with trimmed values", () => {
    const table = parseCsvTable("a, b\n 1 ,2\n", "t.csv", ["a", "b"]);
    expect(table).toEqual({ ok: true, rows: [{ line: 2, values: { a: "1", b: "2" } }] });
  });
});
