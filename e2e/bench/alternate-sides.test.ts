import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { captureConsole } from "@casemix/testing";
import { alternateSides, besideSlowdowns, reportSides, sidesOf, type Side } from "./alternate-sides.ts";
import type { RunResult } from "./report.ts";

const result = (run: number, settled: number, problems: string[] = []) =>
  ({ mode: "embedded", run, claims: settled, settled, uploadSeconds: 1, endToEndSeconds: 1, functions: [], processes: [], loadAverage: [], problems }) as RunResult;

const lines = captureConsole();
// reportSides fails a sitting through the exit code: not this test run's.
afterEach(() => void (process.exitCode = undefined));

describe("the cost benchmarks' alternating off/on loop", () => {
  it("runs off, on, off, on, ... and keeps each side's results apart, with the run's details in --json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alternate-sides-"));
    try {
      const calls: [Side, number][] = [];
      const json = join(dir, "runs.json");
      const sides = await alternateSides({
        runs: 2,
        warmup: 0,
        order: "alternate",
        title: "embedded",
        json,
        runSide: async (side, run) => {
          calls.push([side, run]);
          return { result: result(run, side === "off" ? 1000 : 900), note: `note ${side} ${run}`, details: { spans: run } };
        },
      });
      expect(calls).toEqual([["off", 1], ["on", 1], ["off", 2], ["on", 2]]);
      expect(sides.off.map((r) => r.settled)).toEqual([1000, 1000]);
      expect(sides.on.map((r) => r.settled)).toEqual([900, 900]);
      expect(lines.filter((l) => /^(off|on) run \d: /.test(l))).toEqual(["off run 1: 1000 claims/s, note off 1", "on run 1: 900 claims/s, note on 1", "off run 2: 1000 claims/s, note off 2", "on run 2: 900 claims/s, note on 2"]);
      expect(lines.filter((l) => l.includes("embedded on run 2")).length).toBe(1);
      const written = JSON.parse(await readFile(json, "utf8")) as { side: Side; run: number; spans: number }[];
      expect(written.map((r) => [r.side, r.run, r.spans])).toEqual([["off", 1, 1], ["on", 1, 1], ["off", 2, 2], ["on", 2, 2]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs the warm-ups first, off, on, ..., as run 0, and counts none of them", async () => {
    const calls: [Side, number][] = [];
    const sides = await alternateSides({
      runs: 1,
      title: "distributed",
      warmup: 2,
      order: "alternate",
      runSide: async (side, run) => {
        calls.push([side, run]);
        return { result: result(run, 500), note: "" };
      },
    });
    expect(calls).toEqual([["off", 0], ["on", 0], ["off", 1], ["on", 1]]);
    expect([...sides.off, ...sides.on, ...sides.all].every((r) => r.run === 1)).toBe(true);
    expect(lines.filter((l) => l.startsWith("\nwarm-up run"))).toEqual(["\nwarm-up run 1 (off, not counted): 500 claims/s, ", "\nwarm-up run 2 (on, not counted): 500 claims/s, "]);
  });

  it("balanced order alternates each pair's order too: off, on, on, off, off, on", async () => {
    expect([1, 2, 3].flatMap((run) => sidesOf(run, "balanced"))).toEqual(["off", "on", "on", "off", "off", "on"]);
    expect([1, 2, 3].flatMap((run) => sidesOf(run, "alternate"))).toEqual(["off", "on", "off", "on", "off", "on"]);
    const calls: [Side, number][] = [];
    await alternateSides({ runs: 2, warmup: 0, order: "balanced", title: "t", runSide: async (side, run) => (calls.push([side, run]), { result: result(run, 1), note: "" }) });
    expect(calls).toEqual([["off", 1], ["on", 1], ["on", 2], ["off", 2]]);
  });

  it("compares each on run with the mean of the off runs beside it, so a steady drift cancels", () => {
    // The machine slows 100 claims/s a run; "on" costs nothing: each on run equals the mean of its neighbours.
    const drifting = ["off", "on", "off", "on", "off", "on"].map((side, i) => ({ ...result(1, 1000 - 100 * i), side: side as Side }));
    const beside = besideSlowdowns(drifting);
    expect(beside.map((x) => Number(x.toFixed(1)))).toEqual([0, 0]); // the last on run has no off run after it
    // while the medians of strict alternation put "on" a run later: 700 against 800, 12.5% "slower".
    reportSides({ off: drifting.filter((r) => r.side === "off"), on: drifting.filter((r) => r.side === "on"), all: drifting }, "drift", 5);
    expect(lines).toContain("each on run against the mean of the off runs just before and after it (cancels a steady drift): 0.0%, 0.0% slower; median 0.0%");
    expect(lines.at(-1)).toBe("drift: 12.5% slower on the medians (target at most 5%): OVER TARGET");
  });

  it("prints each side's median CPU seconds over every measured process beside the claims/s", () => {
    const withCpu = (run: number, cpu: number[]) => ({ ...result(run, 1000), processes: cpu.map((cpuSeconds, i) => ({ name: `p${i}`, cpuSeconds, peakRssMiB: 1 })) }) as RunResult;
    const sides = { off: [withCpu(1, [100, 100]), withCpu(2, [90, 100]), withCpu(3, [150, 100])], on: [withCpu(1, [105, 100]), withCpu(2, [104, 100]), withCpu(3, [99, 100])], all: [] };
    reportSides(sides, "metrics + tracing", 5);
    expect(lines).toContain("CPU seconds per run, every measured process (median): off 200.0, on 204.0: 2.0% more");
    reportSides({ off: sides.on, on: sides.off, all: [] }, "swapped", 5);
    expect(lines).toContain("CPU seconds per run, every measured process (median): off 204.0, on 200.0: 2.0% less");
  });

  it("reports each side's median and the slowdown against the target, over target when above it", () => {
    const sides = { off: [result(1, 1000), result(2, 1000)], on: [result(1, 850), result(2, 870)], all: [] };
    reportSides(sides, "auditing + row-level security", 10);
    expect(lines).toEqual([
      "off: claims/s per run 1000, 1000; median 1000, min 1000, max 1000, spread 0.0% of the median",
      "on: claims/s per run 850, 870; median 860, min 850, max 870, spread 2.3% of the median",
      "auditing + row-level security: 14.0% slower on the medians (target at most 10%): OVER TARGET",
    ]);
    expect(process.exitCode).toBeUndefined();
  });

  it("fails the sitting when a run's claims did not end as the manifest says", () => {
    const bad = { ...result(1, 1000, ["batch 3: 2 claims short"]), side: "on" as const };
    reportSides({ off: [result(1, 1000)], on: [result(1, 980)], all: [bad] }, "metrics + tracing", 5);
    expect(lines.at(-2)).toBe("metrics + tracing: 2.0% slower on the medians (target at most 5%)");
    expect(lines.at(-1)).toBe("FAILED: terminal counts differ from the manifest (see the runs above)");
    expect(process.exitCode).toBe(1);
  });
});
