import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_TARIFF_DIR, parseCsvTable } from "@casemix/pricing";
import { run } from "./price.ts";

const FIXTURE = new URL("../../../pricing/fixtures/hand-priced.csv", import.meta.url).pathname;

const quiet = async (fn: () => Promise<number>) => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = await fn();
    return { code, out: log.mock.calls.map((c) => String(c[0])).join("\n"), err: err.mock.calls.map((c) => String(c[0])).join("\n") };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
};

describe("casemix price", () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "casemix-price-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prices the hand-priced fixture file to the sen, component by component", async () => {
    const output = join(dir, "priced.csv");
    const { code } = await quiet(() => run(["--tariff", DEMO_TARIFF_DIR, "--register", "demo", "--input", FIXTURE, "--output", output]));
    expect(code).toBe(0);
    const expected = parseCsvTable(await readFile(FIXTURE, "utf8"), "fixture", []);
    const actual = parseCsvTable(await readFile(output, "utf8"), "out", []);
    if (!expected.ok || !actual.ok) throw new Error("unreadable CSV");
    expect(actual.rows).toHaveLength(expected.rows.length);
    const components = ["base_rate_sen", "base_payment_sen", "los_case", "los_adjustment_sen", "transfer_adjustment_sen", "outlier_payment_sen", "total_sen"];
    const mismatches = expected.rows.flatMap((e, i) => {
      const a = actual.rows[i].values;
      if (e.values.expected_error) return a.error_code === e.values.expected_error ? [] : [`${e.values.case_id}: ${a.error_code}`];
      return components.filter((c) => a[c] !== e.values[c]).map((c) => `${e.values.case_id} ${c}: ${a[c]} != ${e.values[c]}`);
    });
    expect(mismatches).toEqual([]);
  });

  it("names the file, line and column of a bad input value", async () => {
    const input = join(dir, "bad.csv");
    await writeFile(input, "claim_id,hospital_code,drg,los,discharge_status\nc1,H14-9180E9,05M2-I,two,1\n");
    const { code } = await quiet(() => run(["--tariff", DEMO_TARIFF_DIR, "--input", input, "--output", join(dir, "bad-out.csv")]));
    expect(code).toBe(0);
    const out = await readFile(join(dir, "bad-out.csv"), "utf8");
    expect(out).toContain('bad.csv:2 column ""los"": ""two"" is not a whole number of days');
  });

  it("refuses a missing required column with exit code 1", async () => {
    const input = join(dir, "nocol.csv");
    await writeFile(input, "claim_id,hospital_code,los\nc1,H1,2\n");
    const { code, err } = await quiet(() => run(["--tariff", DEMO_TARIFF_DIR, "--input", input, "--output", join(dir, "x.csv")]));
    expect(code).toBe(1);
    expect(err).toContain('column "drg"');
  });

  it("without --tariff it explains its usage with exit code 2", async () => {
    const { code, err } = await quiet(() => run(["--input", "a.csv", "--output", "b.csv"]));
    expect(code).toBe(2);
    expect(err).toContain("usage: casemix price");
  });
});
