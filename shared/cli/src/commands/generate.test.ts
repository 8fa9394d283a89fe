import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseGenerateArgs, run } from "./generate.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "casemix-generate-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe("casemix generate", () => {
  it("reads every flag into generator options", () => {
    const o = parseGenerateArgs(["--claims", "1000", "--period", "2027-01", "--definition", "chs-drg", "--hospitals", "12", "--seed", "7", "--duplicates", "0.01",
      "--corrections", "0.005", "--probable-duplicates", "0.002", "--bad", "0.02", "--split", "national", "--months", "2", "--out", "/tmp/x", "--quiet"]);
    expect(o).toEqual({ claims: 1000, period: "2027-01", definition: "chs-drg", hospitals: 12, seed: 7, duplicates: 0.01, corrections: 0.005, probableDuplicates: 0.002,
      bad: 0.02, split: "national", months: 2, out: "/tmp/x", quiet: true, help: false });
  });

  it("writes the files and manifest and prints the throughput on stderr", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const out = join(dir, "batch");
    expect(await run(["--claims", "500", "--period", "2027-01", "--hospitals", "3", "--seed", "7", "--out", out, "--quiet"])).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith(".csv"))).toHaveLength(3);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.totals.rows).toBe(500);
    expect(err.mock.calls.flat().join("\n")).toMatch(/500 claims in 3 file\(s\) in [\d.]+ s: [\d,]+ claims\/s/);
    expect(JSON.parse(String(log.mock.calls[0][0])).states).toEqual(manifest.totals.states);
  });

  it("refuses a flag that is not a number, naming it", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await run(["--claims", "many", "--period", "2027-01", "--out", dir])).toBe(2);
    expect(String(err.mock.calls[0][0])).toContain('--claims must be a number, got "many"');
  });

  it("refuses a missing period with the option named and the usage", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await run(["--claims", "10", "--out", dir, "--quiet"])).toBe(2);
    expect(String(err.mock.calls[0][0])).toMatch(/period: .*\[E_OPTIONS\]\nusage: casemix generate/s);
  });
});
