import { describe, expect, it } from "vitest";
import { evaluateFilter, filterAttributesOf, matchesFilters } from "./filters.ts";
import type { Filter } from "./routing-types.ts";

const event = { type: "gov.my.casemix.period.closed.v1", source: "/casemix/scheduler", subject: "2027-01/run_1", partitionkey: "period:2027-01" };

describe("exact", () => {
  it("passes when the attribute equals the value", () => {
    expect(matchesFilters([{ exact: { type: "gov.my.casemix.period.closed.v1" } }], event)).toBe(true);
  });
  it("fails on a different value", () => {
    expect(matchesFilters([{ exact: { type: "gov.my.casemix.period.priced.v1" } }], event)).toBe(false);
  });
  it("is case-sensitive", () => {
    expect(matchesFilters([{ exact: { source: "/CASEMIX/scheduler" } }], event)).toBe(false);
  });
  it("fails when the event lacks the attribute", () => {
    expect(matchesFilters([{ exact: { hospital: "HKL" } }], event)).toBe(false);
  });
  it("does not match a value that only starts the same", () => {
    expect(matchesFilters([{ exact: { source: "/casemix" } }], event)).toBe(false);
  });
  it("with an empty map has nothing to decide", () => {
    expect(evaluateFilter({ exact: {} }, event)).toBe("none");
  });
});

describe("prefix and suffix", () => {
  it("prefix passes on a leading match", () => {
    expect(matchesFilters([{ prefix: { type: "gov.my.casemix.period." } }], event)).toBe(true);
  });
  it("prefix fails when the value only appears later", () => {
    expect(matchesFilters([{ prefix: { type: "casemix" } }], event)).toBe(false);
  });
  it("suffix passes on a trailing match", () => {
    expect(matchesFilters([{ suffix: { type: ".closed.v1" } }], event)).toBe(true);
  });
  it("suffix fails on a leading match", () => {
    expect(matchesFilters([{ suffix: { type: "gov.my" } }], event)).toBe(false);
  });
  it("prefix and suffix fail when the attribute is missing", () => {
    expect(matchesFilters([{ prefix: { nothere: "a" } }], event)).toBe(false);
    expect(matchesFilters([{ suffix: { nothere: "a" } }], event)).toBe(false);
  });
  it("an attribute equal to the whole prefix matches", () => {
    expect(matchesFilters([{ prefix: { subject: "2027-01/run_1" } }], event)).toBe(true);
  });
});

describe("all, any, not", () => {
  const yes: Filter = { exact: { type: event.type } };
  const no: Filter = { exact: { type: "other" } };
  it("all passes only when every expression passes", () => {
    expect(matchesFilters([{ all: [yes, yes] }], event)).toBe(true);
    expect(matchesFilters([{ all: [yes, no] }], event)).toBe(false);
  });
  it("any passes when one expression passes", () => {
    expect(matchesFilters([{ any: [no, yes] }], event)).toBe(true);
    expect(matchesFilters([{ any: [no, no] }], event)).toBe(false);
  });
  it("not inverts pass and fail", () => {
    expect(matchesFilters([{ not: yes }], event)).toBe(false);
    expect(matchesFilters([{ not: no }], event)).toBe(true);
  });
  it("not of nothing-to-decide stays nothing-to-decide, as in Knative", () => {
    expect(evaluateFilter({ not: { exact: {} } }, event)).toBe("none");
    expect(matchesFilters([{ not: { all: [] } }], event)).toBe(true);
  });
  it("a neutral expression does not decide an any", () => {
    expect(evaluateFilter({ any: [{ exact: {} }, no] }, event)).toBe("fail");
    expect(evaluateFilter({ any: [{ exact: {} }, yes] }, event)).toBe("pass");
  });
  it("a neutral expression does not decide an all", () => {
    expect(evaluateFilter({ all: [{ all: [] }, yes] }, event)).toBe("pass");
    expect(evaluateFilter({ all: [{ all: [] }, no] }, event)).toBe("fail");
  });
  it("nested expressions compose", () => {
    const f: Filter[] = [{ prefix: { type: "gov.my.casemix." } }, { any: [{ suffix: { type: ".priced.v1" } }, { not: { prefix: { subject: "2026-" } } }] }];
    expect(matchesFilters(f, event)).toBe(true);
    expect(matchesFilters(f, { ...event, subject: "2026-12/run_0" })).toBe(false);
  });
});

describe("the filter list", () => {
  it("is an AND of its expressions", () => {
    expect(matchesFilters([{ prefix: { type: "gov." } }, { exact: { source: "/casemix/scheduler" } }], event)).toBe(true);
    expect(matchesFilters([{ prefix: { type: "gov." } }, { exact: { source: "/casemix/price" } }], event)).toBe(false);
  });
  it("empty lets every event through (Knative: absence of a filter implies true)", () => {
    expect(matchesFilters([], event)).toBe(true);
  });
  it("extensions are attributes like any other", () => {
    expect(matchesFilters([{ exact: { partitionkey: "period:2027-01" } }], event)).toBe(true);
  });
});

describe("filterAttributesOf", () => {
  it("takes context attributes and extensions as strings, and leaves data out", () => {
    expect(filterAttributesOf({ type: "t", data: { a: 1 }, retries: 3, none: undefined })).toEqual({ type: "t", retries: "3" });
  });
});
