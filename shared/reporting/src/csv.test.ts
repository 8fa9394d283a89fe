import { describe, expect, it } from "vitest";
import { aggregate } from "./aggregate.ts";
import { figuresFromCsv, figuresToCsv, parseCsvRecords } from "./csv.ts";

const rows = aggregate([
  { period: "2027-01", hospitalCode: "H1", mdc: "01", drg: "A,01", weight: "1.2", los: 2, paymentSen: 1234, flagged: true },
  { period: "2027-01", hospitalCode: "H2", mdc: "02", drg: 'B"7', weight: "0.8", los: 1, paymentSen: 99, flagged: false },
]);

describe("figures CSV", () => {
  it("round-trips every row exactly, including quoted fields", () => {
    const back = figuresFromCsv(figuresToCsv(rows));
    expect(back).toEqual({ ok: true, rows });
  });

  it("quotes fields with commas and doubles inner quotes", () => {
    const text = figuresToCsv(rows);
    expect(text).toContain('"A,01"');
    expect(text).toContain('"B""7"');
  });

  it("refuses a file whose header is not the figures header", () => {
    const result = figuresFromCsv("a,b\r\n1,2\r\n");
    expect(result).toMatchObject({ ok: false, error: { code: "E_CSV_HEADER", line: 1 } });
  });

  it("parses a quoted field that holds a line break", () => {
    expect(parseCsvRecords('x,"a\nb"\n')).toEqual([["x", "a\nb"]]);
  });
});
