import { describe, expect, it } from "vitest";
import { parseAdrgText, parseMdcTable, splitCodeLine, TableParseError } from "./parse-tables.ts";

describe("CHS-DRG table parsing", () => {
  it("a code line splits into the code and the name without line-wrap marks", () => {
    expect(splitCodeLine("A80.100 急性麻痹性脊髓灰质炎~~毒")).toEqual({ code: "A80.100", name: "急性麻痹性脊髓灰质炎毒" });
  });

  it("a dagger/asterisk pair is one code", () => {
    expect(splitCodeLine("A18.000x047+M49.0* 结核性脊柱前凸")?.code).toBe("A18.000x047+M49.0*");
  });

  it("two-procedure sections fill both lists", () => {
    const t = parseAdrgText("AC1.dat", "同时包含以下手术：\n52.8000 胰腺移植\n和\n55.6901 肾异体移植术\n");
    expect(t.bothFirst.map((c) => c.code)).toEqual(["52.8000"]);
    expect(t.bothSecond.map((c) => c.code)).toEqual(["55.6901"]);
  });

  it("table-combination headers give the required tables of each alternative", () => {
    const t = parseAdrgText("JA2.dat", "包含以下主要诊断+手术表 1\n或包含以下主要诊断+手术表 2+手术表 3\n主要诊断：\nC50.900 x\n手术表 1：\n85.4300 y\n");
    expect(t.tableCombos).toEqual([[1], [2, 3]]);
    expect(t.tables.get(1)?.map((c) => c.code)).toEqual(["85.4300"]);
  });

  it("an unknown header is an error naming the file and line", () => {
    expect(() => parseAdrgText("XX1.dat", "包含以下主要诊断：\nA00.100 x\n奇怪的标题\n")).toThrow(TableParseError);
    expect(() => parseAdrgText("XX1.dat", "包含以下主要诊断：\nA00.100 x\n奇怪的标题\n")).toThrow("XX1.dat:3");
  });

  it("MDCZ codes carry their body region and commented lines are skipped", () => {
    const t = parseMdcTable("MDCZ.dat", "头颈部创伤\n包含以下主要诊断：\nS01.800 a\n# S12.910 b\n胸部创伤\n包含以下主要诊断：\nS22.000 c\n");
    expect(t.codes.map((c) => c.code)).toEqual(["S01.800", "S22.000"]);
    expect(t.regions).toEqual(["头颈部创伤", "胸部创伤"]);
  });
});
