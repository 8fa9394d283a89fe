import { describe, expect, it } from "vitest";
import { byPipeline, formatRun, median, medianRun, type RunResult } from "./report.ts";

const run = (n: number, seconds: number, validateRows: number): RunResult => ({
  mode: "distributed", run: n, claims: 1000, settled: 1000, uploadSeconds: seconds / 4, endToEndSeconds: seconds,
  functions: [{ name: "validate", events: 2, rows: validateRows, activeSeconds: seconds / 2, doneAtSeconds: seconds - 1 }, { name: "intake", events: 1, rows: 1000, activeSeconds: 1, doneAtSeconds: 1 }],
  processes: [{ name: "validate", cpuSeconds: n, peakRssMiB: 100 + n, readyMs: 300 * n, startCpuSeconds: 1 }],
  loadAverage: [n, n, n],
  problems: [],
});

describe("national bench report", () => {
  it("takes the middle value, or the mean of the two middle ones, ignoring missing numbers", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it("makes the median run number by number, per function and per process", () => {
    const m = medianRun([run(1, 10, 900), run(2, 30, 1000), run(3, 20, 800)]);
    expect(m.endToEndSeconds).toBe(20);
    expect(m.functions.find((f) => f.name === "validate")).toEqual({ name: "validate", events: 2, rows: 900, activeSeconds: 10, doneAtSeconds: 19 });
    expect(m.processes[0]).toMatchObject({ name: "validate", cpuSeconds: 2, peakRssMiB: 102, readyMs: 600 });
  });

  it("lists functions in the pipeline's order, others after", () => {
    expect(byPipeline([{ name: "scheduler" }, { name: "price" }, { name: "intake" }, { name: "admin-config" }]).map((f) => f.name)).toEqual(["intake", "price", "scheduler", "admin-config"]);
  });

  it("prints claims/s end to end as settled claims over the seconds from the first byte uploaded", () => {
    const text = formatRun(run(1, 4, 1000), "distributed run 1");
    expect(text).toContain("1,000 of 1,000 claims settled in 4.0 s from the first byte uploaded = 250 claims/s end to end");
    expect(text).toMatch(/\nintake .*\nvalidate +2 +1,000 +2\.0 +500 +3\.0 +333\n/);
    expect(text).not.toContain("DIFFER");
  });

  it("lists every difference from the manifest under the run", () => {
    const text = formatRun({ ...run(1, 4, 1000), problems: ["H05.csv: final 11, manifest 10"] }, "embedded run 1");
    expect(text).toContain("TERMINAL COUNTS DIFFER FROM THE MANIFEST:\n  H05.csv: final 11, manifest 10");
  });
});
