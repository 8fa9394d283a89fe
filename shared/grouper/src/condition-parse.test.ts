import { describe, expect, it } from "vitest";
import { parseCondition, type ConditionIssue, type ListUse } from "./condition-parse.ts";

function parse(value: unknown) {
  const issues: ConditionIssue[] = [];
  const uses: ListUse[] = [];
  const cond = parseCondition(value, ["when"], issues, uses);
  return { cond, issues, uses };
}

describe("parseCondition", () => {
  it("records every list a nested condition uses, with its kind and path", () => {
    const { issues, uses } = parse({ all: [{ principalIn: "a" }, { not: { anyProcedureIn: "b" } }] });
    expect(issues).toEqual([]);
    expect(uses).toEqual([
      { list: "a", kind: "dx", path: ["when", "all", 0, "principalIn"] },
      { list: "b", kind: "px", path: ["when", "all", 1, "not", "anyProcedureIn"] },
    ]);
  });

  it("an object with two keys is rejected", () => {
    expect(parse({ principalIn: "a", sex: "M" }).issues[0].message).toContain("exactly one key");
  });

  it("an unknown condition is rejected at its path", () => {
    expect(parse({ any: [{ ageOver: 3 }] }).issues).toEqual([{ path: ["when", "any", 0, "ageOver"], message: 'unknown condition "ageOver"' }]);
  });

  it("a range without bounds or with an unknown key is rejected", () => {
    expect(parse({ range: { field: "ageDays" } }).issues[0].message).toContain("at least one of");
    expect(parse({ range: { field: "ageDays", max: 28, upto: 3 } }).issues[0].path).toEqual(["when", "range", "upto"]);
  });

  it("a range on a field that is not numeric is rejected", () => {
    expect(parse({ range: { field: "sex", max: 1 } }).issues[0].path).toEqual(["when", "range", "field"]);
  });

  it("distinctGroups needs a list, diagnoses or procedures, and a positive minimum", () => {
    const { issues } = parse({ distinctGroups: { list: "", of: "codes", min: 0 } });
    expect(issues.map((i) => i.path.at(-1))).toEqual(["list", "of", "min"]);
  });

  it("an empty all is rejected", () => {
    expect(parse({ all: [] }).issues[0].message).toContain("non-empty");
  });
});
