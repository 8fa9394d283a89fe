import { describe, expect, it } from "vitest";
import { ClaimSchema } from "./claim-schema.ts";

describe("ClaimSchema", () => {
  it("fills absent fields with empty values", () => {
    expect(ClaimSchema.parse({ sex: "M", principalDx: "I21.9" })).toEqual({
      sex: "M", ageYears: null, ageDays: null, birthWeight: null, los: null, dischargeStatus: null, department: null,
      principalDx: "I21.9", secondaryDx: [], procedures: [],
    });
  });

  it("rejects a negative age naming the field", () => {
    const r = ClaimSchema.safeParse({ ageYears: -1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["ageYears"]);
  });
});
