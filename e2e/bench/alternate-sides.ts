/**
 * What the cost benchmarks (security-cost.ts, telemetry-cost.ts) share: their common options, the month,
 * the national benchmark run with a feature off and on alternately, and the two sides' medians compared.
 * Each script keeps what is its own: its extra options, what "off" and "on" set, and its per-run note.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Manifest } from "@casemix/generator";
import { loadOrGenerateMonth } from "./month.ts";
import { formatRun, median, type RunResult } from "./report.ts";
import { runRate, sideSummary, slowdown } from "./spread.ts";

export type Mode = "embedded" | "distributed";
export type Side = "off" | "on";

/** A script's own options: all strings with a default, as the common ones. */
export type ExtraOptions = Record<string, { type: "string"; default: string }>;

export type CostBench = {
  mode: Mode;
  runs: number;
  dir: string;
  manifest: Manifest;
  concurrency: number;
  timeoutMs: number;
  json?: string;
  /** Runs made first and not counted (--warmup, default 1), see {@link AlternateOptions.warmup}. */
  warmup: number;
  /** --order: alternate (default) or balanced, see {@link AlternateOptions.order}. */
  order: Order;
  /** The script's own options, by name, as given or defaulted. */
  extra: Record<string, string>;
};

/**
 * Parses the options (--mode --runs --claims --hospitals --seed --dir --concurrency --timeout-s --json and
 * the script's `extra`), exits 2 when distributed mode has no servers, and loads or generates the month,
 * printing its line.
 */
export async function openCostBench(defaultMode: Mode, extra: ExtraOptions): Promise<CostBench> {
  const { values } = parseArgs({
    options: {
      mode: { type: "string", default: defaultMode }, runs: { type: "string", default: "5" }, claims: { type: "string", default: "400000" },
      hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "400" }, dir: { type: "string" },
      concurrency: { type: "string", default: "1" }, "timeout-s": { type: "string", default: "1800" }, json: { type: "string" }, warmup: { type: "string", default: "1" },
      order: { type: "string", default: "alternate" },
      ...extra,
    },
  });
  const v = values as Record<string, string | undefined>;
  const mode = v.mode;
  if (mode !== "embedded" && mode !== "distributed") throw new Error(`--mode must be embedded or distributed, not ${mode}`);
  if (mode === "distributed" && !(process.env.DATABASE_URL && process.env.KAFKA_BROKERS && process.env.S3_ENDPOINT)) {
    console.error('distributed mode needs the servers: eval "$(bash scripts/services-env.sh)" first');
    process.exit(2);
  }
  const claims = Number(v.claims);
  const hospitals = Number(v.hospitals);
  const seed = Number(v.seed);
  const dir = v.dir ?? join(tmpdir(), `casemix-bench-month-${claims}-${hospitals}-${seed}`);
  const manifest = await loadOrGenerateMonth({ claims, hospitals, seed, period: "2026-09", dir });
  const order = v.order;
  if (order !== "alternate" && order !== "balanced") throw new Error(`--order must be alternate or balanced, not ${order}`);
  const warmup = Number(v.warmup);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup must be a whole number of runs, not ${v.warmup}`);
  console.log(`month: ${manifest.totals.rows.toLocaleString("en-US")} claims in ${manifest.files.length} files; mode ${mode}; ${warmup} warm-up run(s) not counted, then ${v.runs} runs each side, ${order === "balanced" ? "in pairs off-on, on-off, ..." : "alternating"}`);
  const own = Object.fromEntries(Object.keys(extra).map((k) => [k, v[k]!]));
  return { mode, runs: Number(v.runs), dir, manifest, concurrency: Number(v.concurrency), timeoutMs: Number(v["timeout-s"]) * 1000, json: v.json, warmup, order, extra: own };
}

/** One side's run: its result, the end of its "claims/s" line, and what --json keeps beside the result. */
export type SideRun = { result: RunResult; note: string; details?: Record<string, unknown> };

export type AlternateOptions = {
  runs: number;
  /** Starts each run's title: `<title> <side> run <n>`. */
  title: string;
  json?: string;
  /**
   * Runs made before the sitting and not counted, off, on, off, ... (--warmup). The servers the mesh
   * shares (Kafka and S3Proxy on the JVM, PostgreSQL) start cold: the first run after they start
   * pays their JIT compilation and cache filling (a sitting's first run measured Kafka at 28 CPU s
   * and S3Proxy at 14 against 17 and 6 in the next), which would fall on the first side alone.
   * Required, so a script cannot parse --warmup and forget to pass it.
   */
  warmup: number;
  /**
   * `alternate` (default): off, on, off, on, ... `balanced`: each pair's order alternates too (off, on,
   * on, off, off, on, ...). When the machine drifts one way through a sitting (a shared VM slowing as its
   * neighbours load it), strict alternation always runs "on" one slot later than its "off", which falls
   * on "on" alone; balanced pairs cancel a steady drift in the means, and in the medians for an even
   * number of runs each. Required, as `warmup`.
   */
  order: Order;
  runSide: (side: Side, run: number) => Promise<SideRun>;
};

export type Order = "alternate" | "balanced";

/** The sides of run `run` (1-based), in the order they run. */
export function sidesOf(run: number, order: Order): readonly Side[] {
  return order === "balanced" && run % 2 === 0 ? ["on", "off"] : ["off", "on"];
}

export type Sides = { off: RunResult[]; on: RunResult[]; all: (RunResult & { side: Side })[] };

/**
 * Runs off, on, off, on, ... (or balanced: see {@link AlternateOptions.order}) `runs` times each, printing every run (and rewriting --json with all the runs
 * so far, so an interrupted sitting keeps what it measured).
 */
export async function alternateSides(o: AlternateOptions): Promise<Sides> {
  const sides: Sides = { off: [], on: [], all: [] };
  for (let w = 1; w <= o.warmup; w++) {
    const side: Side = w % 2 ? "off" : "on";
    const { result, note } = await o.runSide(side, 0); // run 0: the warm-ups' own database and folder names
    console.log(`\nwarm-up run ${w} (${side}, not counted): ${Math.round(runRate(result))} claims/s, ${note}`);
  }
  for (let run = 1; run <= o.runs; run++) {
    // Alternating, so a change in the shared machine's load falls on both sides alike.
    for (const side of sidesOf(run, o.order)) {
      const { result, note, details } = await o.runSide(side, run);
      sides[side].push(result);
      sides.all.push({ ...result, side, ...details });
      console.log(`\n${formatRun(result, `${o.title} ${side} run ${run}`)}`);
      console.log(`${side} run ${run}: ${Math.round(runRate(result))} claims/s, ${note}`);
      if (o.json) await writeFile(o.json, JSON.stringify(sides.all, null, 2));
    }
  }
  return sides;
}

/**
 * Prints each side's claims/s, median and spread and the slowdown of the on median against `targetPercent`;
 * sets exit code 1 when a run's claims did not end as the manifest says.
 */
export function reportSides(sides: Sides, what: string, targetPercent: number): void {
  const off = sideSummary(sides.off);
  const on = sideSummary(sides.on);
  for (const [name, s] of [["off", off], ["on", on]] as const) {
    console.log(`${name}: claims/s per run ${s.rates.join(", ")}; median ${s.median}, min ${s.min}, max ${s.max}, spread ${s.spreadPercent.toFixed(1)}% of the median`);
  }
  // CPU is steadier than wall time on a shared machine: each side's median of the CPU seconds every
  // measured process spent (the functions, the bench's broker, the servers' processes).
  const cpu = (runs: readonly RunResult[]) => median(runs.map((r) => r.processes.reduce((sum, p) => sum + p.cpuSeconds, 0)));
  const [offCpu, onCpu] = [cpu(sides.off), cpu(sides.on)];
  if (offCpu > 0) {
    const more = ((onCpu - offCpu) / offCpu) * 100;
    console.log(`CPU seconds per run, every measured process (median): off ${offCpu.toFixed(1)}, on ${onCpu.toFixed(1)}: ${Math.abs(more).toFixed(1)}% ${more < 0 ? "less" : "more"}`);
  }
  const beside = besideSlowdowns(sides.all);
  if (beside.length > 0) {
    console.log(`each on run against the mean of the off runs just before and after it (cancels a steady drift): ${beside.map((x) => `${x.toFixed(1)}%`).join(", ")} slower; median ${median(beside).toFixed(1)}%`);
  }
  const cost = slowdown(off.median, on.median);
  console.log(`${what}: ${cost.toFixed(1)}% slower on the medians (target at most ${targetPercent}%)${cost <= targetPercent ? "" : ": OVER TARGET"}`);
  if (sides.all.some((r) => r.problems.length > 0)) {
    console.error("FAILED: terminal counts differ from the manifest (see the runs above)");
    process.exitCode = 1;
  }
}

/**
 * For each "on" run of a sitting (in the order run) with an "off" run before and after it, its slowdown
 * against the mean claims/s of the nearest of each. A machine that slows steadily through the sitting
 * slows the two neighbours as much, on average, as the run between them.
 */
export function besideSlowdowns(all: readonly (RunResult & { side: Side })[]): number[] {
  const out: number[] = [];
  all.forEach((r, i) => {
    if (r.side !== "on") return;
    const before = all.slice(0, i).reverse().find((x) => x.side === "off");
    const after = all.slice(i + 1).find((x) => x.side === "off");
    if (before && after) out.push(slowdown((runRate(before) + runRate(after)) / 2, runRate(r)));
  });
  return out;
}
