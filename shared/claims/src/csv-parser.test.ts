import { describe, expect, it } from "vitest";
import { createCsvParser, type CsvRecord } from "./csv-parser.ts";

/** Feeds text in pieces of `size` characters, as a stream would. */
function parse(text: string, size = text.length || 1, options = {}): CsvRecord[] {
  const p = createCsvParser(options);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  return [...out, ...p.end()];
}
const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

describe("streaming CSV parser", () => {
  it("splits records on CRLF and LF alike", () => expect(fields(parse("a,b\r\nc,d\ne,f"))).toEqual([["a", "b"], ["c", "d"], ["e", "f"]]));
  it("keeps a newline and a comma inside a quoted field", () => expect(fields(parse('"a\nb","c,d"\n'))).toEqual([["a\nb", "c,d"]]));
  it("reads a doubled quote as one quote", () => expect(fields(parse('"say ""hi"""\n'))).toEqual([['say "hi"']]));
  it("gives the same records whatever the piece size, even splitting a doubled quote or CRLF", () => {
    const text = 'x,"a""b",c\r\n"q\r\nr",s\r\n';
    const whole = fields(parse(text));
    for (const size of [1, 2, 3, 5, 7]) expect(fields(parse(text, size))).toEqual(whole);
  });
  it("skips blank lines", () => expect(fields(parse("a\n\n\nb\n"))).toEqual([["a"], ["b"]]));
  it("keeps empty fields", () => expect(fields(parse("a,,\n"))).toEqual([["a", "", ""]]));
  it("numbers records by the line they start on", () => expect(parse('a\n"b\nc"\nd\n').map((r) => r.line)).toEqual([1, 2, 4]));
  it("marks a quoted field left open at the end as a truncated file", () => expect(parse('a,"b').at(-1)?.error?.code).toBe("E_CSV_UNTERMINATED_QUOTE"));
  it("marks a bare quote inside an unquoted field", () => expect(parse('ab"c\n')[0].error?.code).toBe("E_CSV_QUOTE"));
  it("marks text after a closing quote", () => expect(parse('"ab"c\n')[0].error?.code).toBe("E_CSV_QUOTE"));
  it("cuts a field past the limit and marks the record, keeping memory bounded", () => {
    const [r] = parse(`${"x".repeat(50)}\n`, 7, { maxFieldChars: 10 });
    expect(r.error?.code).toBe("E_CSV_FIELD_TOO_LONG");
    expect(r.fields[0]).toHaveLength(10);
  });
  it("marks a record with too many fields", () => expect(parse("a,b,c\n", 100, { maxFields: 2 })[0].error?.code).toBe("E_CSV_TOO_MANY_FIELDS"));
  it("a bad record does not stop the next one", () => expect(fields(parse('a"b\nc\n'))[1]).toEqual(["c"]));
});
