import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBinaryArray } from "./binary-arrays.ts";
import type { Db } from "./port.ts";
import { createPgliteDb } from "./pglite.ts";
import { pgliteTemplateTarball } from "./testing.ts";

describe("encodeBinaryArray", () => {
  it("refuses what it cannot encode exactly, so PGlite's text serializer handles it", () => {
    expect(encodeBinaryArray(25, ["a", 1])).toBeUndefined();
    expect(encodeBinaryArray(25, [["nested"]])).toBeUndefined();
    expect(encodeBinaryArray(23, [1.5])).toBeUndefined();
    expect(encodeBinaryArray(23, [2 ** 31])).toBeUndefined();
    expect(encodeBinaryArray(1082, ["2026-02-30"])).toBeUndefined();
    expect(encodeBinaryArray(1082, ["0099-01-01"])).toBeUndefined();
    expect(encodeBinaryArray(1082, ["infinity"])).toBeUndefined();
    expect(encodeBinaryArray(25, "not an array")).toBeUndefined();
  });

  it("gives a date seen before the same days, and refuses an impossible one again (dates are cached)", () => {
    const once = encodeBinaryArray(1082, ["2026-03-01", "2024-02-29"]);
    expect(encodeBinaryArray(1082, ["2026-03-01", "2024-02-29"])).toEqual(once);
    const view = new DataView(once!.buffer, once!.byteOffset);
    expect([view.getInt32(24), view.getInt32(32)]).toEqual([9556, 8825]); // days since 2000-01-01
    expect(encodeBinaryArray(1082, ["2026-02-30"])).toBeUndefined();
    expect(encodeBinaryArray(1082, ["2026-02-30"])).toBeUndefined();
  });
});

describe("array parameters on PGlite, binary and text format alike", () => {
  let binary: Db;
  let text: Db;
  beforeAll(async () => {
    // From the migrated template's tarball: a fresh in-memory PGlite runs initdb, seconds of CPU each.
    const loadDataDir = await pgliteTemplateTarball();
    [binary, text] = await Promise.all([createPgliteDb({ loadDataDir }), createPgliteDb({ loadDataDir, binaryArrays: false })]);
  });
  afterAll(() => Promise.all([binary?.close(), text?.close()]));

  const cases: [string, string, unknown[]][] = [
    ["text with quotes, commas, braces, backslashes, unicode and nulls", "text[]", ['a,b', '"q"', "{x}", "back\\slash", "NULL", "", "ñ 日本 😀", null, " spaced "]],
    ["int4 at its limits and null", "int[]", [0, -1, 2147483647, -2147483648, null]],
    ["booleans and null", "boolean[]", [true, false, null]],
    ["dates across 2000-01-01, leap days and null", "date[]", ["2000-01-01", "1999-12-31", "2024-02-29", "1970-01-01", "9999-12-31", null]],
    ["empty arrays", "text[]", []],
    ["dates the encoder refuses go as text, and still read back", "date[]", ["2026-01-01", "infinity"]],
  ];

  it.each(cases)("%s", async (_name, type, values) => {
    const sql = `select $1::${type} as a, array_length($1::${type}, 1) as n, (select count(*) from unnest($1::${type}) x where x is null)::int as nulls`;
    const [b, t] = await Promise.all([binary.query(sql, [values]), text.query(sql, [values])]);
    expect(b.rows).toEqual(t.rows);
    expect(b.rows[0].a).toEqual(values);
  });

  it("a date that does not exist is still PostgreSQL's error", async () => {
    await expect(binary.query("select $1::date[]", [["2026-02-30"]])).rejects.toMatchObject({ sqlState: "22008" });
  });
});
