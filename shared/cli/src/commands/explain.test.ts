import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "./explain.ts";

afterEach(() => vi.restoreAllMocks());

function capture() {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  return { out: () => out.mock.calls.map((c) => String(c[0])).join("\n"), err: () => err.mock.calls.map((c) => String(c[0])).join("\n") };
}

describe("casemix explain", () => {
  it("prints the rules tried, the matching rule and the excluded codes of a JSON claim", async () => {
    const io = capture();
    const claim = JSON.stringify({ sex: "M", ageYears: 70, principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"], procedures: [] });
    expect(await run(["--claim", claim])).toBe(0);
    expect(io.out()).toMatch(/rule 05\.M2\s+MATCHED/);
    expect(io.out()).toContain("excluded   I48.9 (II) by exclusion CARDIAC");
  });

  it("finds a claim by case id in a CSV and prints JSON with --json", async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), "casemix-explain-"));
    try {
      const input = join(dir, "c.csv");
      writeFileSync(input, "case_id,sex,age_years,age_days,birth_weight_g,los_days,discharge_status,department,principal_dx,secondary_dx,procedures\nX1,F,30,,,2,1,,O80,,\n");
      expect(await run(["--input", input, "--case", "X1", "--json"])).toBe(0);
      expect(JSON.parse(io.out()).result).toMatchObject({ adrg: "14M1", status: "grouped" });
      expect(await run(["--input", input, "--case", "NOPE"])).toBe(2);
      expect(io.err()).toContain("case NOPE is not in");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without a claim it is a usage error", async () => {
    capture();
    expect(await run([])).toBe(2);
  });
});
