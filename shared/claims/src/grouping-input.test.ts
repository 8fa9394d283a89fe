import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { claimFromLanding, groupingInputFromSubmission } from "./grouping-input.ts";
import { toLandingRow } from "./landing.ts";

const example = JSON.parse(readFileSync(new URL("../examples/claim.json", import.meta.url), "utf8")) as Record<string, unknown>;

describe("groupingInputFromSubmission", () => {
  it("maps a submitted claim to the engine's input exactly as the pipeline's landing row does", () => {
    const r = groupingInputFromSubmission(example);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.claim).toEqual(claimFromLanding(toLandingRow(1, example, [], "any-key")));
    expect(r.claim).toMatchObject({ caseId: "SEL-2026-000123", sex: "M", ageYears: 46, los: 4, principalDx: "I21.9", secondaryDx: ["I10", "E11.9"], procedures: ["37.22", "36.07"] });
    expect(r.dischargeDate).toBe("2026-03-05");
  });

  it("names unknown fields instead of ignoring them", () => {
    const r = groupingInputFromSubmission({ ...example, principalDx: "I21.9", losDays: 3 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.objectContaining({ code: "E_FIELD_UNKNOWN", field: "principalDx,losDays" }));
  });

  it("gives sex U to the engine as unknown, like a blank", () => {
    const r = groupingInputFromSubmission({ ...example, sex: "U" });
    expect(r.ok && r.claim.sex).toBe(null);
  });
});
