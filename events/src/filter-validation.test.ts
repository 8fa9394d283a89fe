import { describe, expect, it } from "vitest";
import { validateFilters } from "./filter-validation.ts";
import type { Filter } from "./routing-types.ts";

describe("validateFilters (Knative admission rules)", () => {
  it("accepts well-formed nested filters", () => {
    expect(validateFilters([{ exact: { type: "a" } }, { any: [{ prefix: { subject: "x/" } }, { not: { suffix: { type: ".v1" } } }] }])).toEqual([]);
  });
  it("refuses two attributes in one exact", () => {
    expect(validateFilters([{ exact: { type: "a", source: "b" } }])).toMatchObject([{ code: "E_FILTER_INVALID", path: "filters[0].exact" }]);
  });
  it("refuses two dialects in one expression", () => {
    const f = { exact: { type: "a" }, prefix: { type: "b" } } as unknown as Filter;
    expect(validateFilters([f])[0]?.path).toBe("filters[0]");
  });
  it("refuses an attribute name with upper case or a dash", () => {
    expect(validateFilters([{ exact: { partitionKey: "a" } }])).toHaveLength(1);
    expect(validateFilters([{ prefix: { "my-ext": "a" } }])).toHaveLength(1);
  });
  it("refuses an empty value", () => {
    expect(validateFilters([{ suffix: { type: "" } }])[0]?.path).toBe("filters[0].suffix.type");
  });
  it("refuses an empty all or any", () => {
    expect(validateFilters([{ all: [] }])[0]?.path).toBe("filters[0].all");
    expect(validateFilters([{ any: [] }])[0]?.path).toBe("filters[0].any");
  });
  it("reports the path of a nested problem", () => {
    expect(validateFilters([{ any: [{ exact: { type: "a" } }, { not: { exact: {} } }] }])[0]?.path).toBe("filters[0].any[1].not.exact");
  });
});
