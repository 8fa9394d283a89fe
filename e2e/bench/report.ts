import type { DispatchSummary } from "./dispatch-stats.ts";
import type { ProcessUsage } from "./sampler.ts";

/**
 * One function's share of a run. Throughput per function is `rows` over two spans, both from the
 * processed-event records (see function-stats.ts): `activeSeconds`, from its first record to its last,
 * and `doneAtSeconds`, from the first byte uploaded to its last record (the end-to-end definition,
 * applied to the function). Intake's rows are the claims it took in, its span the upload's.
 */
export type FunctionRow = { name: string; events: number; rows: number; activeSeconds: number; doneAtSeconds: number };

export type RunResult = {
  mode: "distributed" | "embedded";
  run: number;
  claims: number;
  /** Claims in a terminal state (final held for review included) at the end, summed over the batches. */
  settled: number;
  uploadSeconds: number;
  /** First byte uploaded to the last batch's completion (the last claim settled). */
  endToEndSeconds: number;
  functions: FunctionRow[];
  processes: ProcessUsage[];
  loadAverage: number[];
  /** Where a file's batch did not end as the manifest says (empty when every count agrees). */
  problems: string[];
  /** Audit records in the run's database at the end (0 with CASEMIX_AUDIT=off). */
  auditRecords?: number;
  /** The broker's dispatchers (distributed mode only): rebalances and delivery delay (dispatch-stats.ts). */
  dispatch?: DispatchSummary;
  /** /metrics scrapes made during the run (telemetry-cost.ts "on" runs). */
  scrapes?: { scrapes: number; failed: number; bytes: number };
  /**
   * Distributed only: PostgreSQL sessions (connections) opened on the run's database during the run
   * (pg_stat_database.sessions): connection churn, each one a backend forked and warmed.
   */
  databaseSessions?: number;
};

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const rate = (n: number, s: number) => (s > 0 ? n / s : NaN);

/** The pipeline's order; functions not in it (config, scheduler...) follow in the order they first acted. */
const PIPELINE = ["intake", "validate", "dedupe", "group", "price", "flag-outlier", "report", "notify"];

export function byPipeline<T extends { name: string }>(rows: T[]): T[] {
  const rank = (n: string) => (PIPELINE.includes(n) ? PIPELINE.indexOf(n) : PIPELINE.length);
  return rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.name) - rank(b.r.name) || a.i - b.i).map((x) => x.r);
}

/** The median run: every number the median of that number over the runs, per function and process by name. */
export function medianRun(runs: RunResult[]): RunResult {
  const first = runs[0];
  const m = (f: (r: RunResult) => number) => median(runs.map(f));
  const fn = (name: string, k: keyof Omit<FunctionRow, "name">) => median(runs.map((r) => r.functions.find((f) => f.name === name)?.[k] ?? NaN));
  const pr = (name: string, k: "cpuSeconds" | "peakRssMiB" | "readyMs" | "startCpuSeconds") => median(runs.map((r) => r.processes.find((p) => p.name === name)?.[k] ?? NaN));
  return {
    mode: first.mode, run: 0, claims: first.claims, settled: m((r) => r.settled),
    uploadSeconds: m((r) => r.uploadSeconds), endToEndSeconds: m((r) => r.endToEndSeconds),
    functions: first.functions.map(({ name }) => ({ name, events: fn(name, "events"), rows: fn(name, "rows"), activeSeconds: fn(name, "activeSeconds"), doneAtSeconds: fn(name, "doneAtSeconds") })),
    processes: first.processes.map(({ name, note }) => ({ name, note, cpuSeconds: pr(name, "cpuSeconds"), peakRssMiB: pr(name, "peakRssMiB"), readyMs: pr(name, "readyMs"), startCpuSeconds: pr(name, "startCpuSeconds") })),
    loadAverage: [0, 1, 2].map((i) => median(runs.map((r) => r.loadAverage[i]))),
    problems: runs.flatMap((r) => r.problems.map((p) => `run ${r.run}: ${p}`)),
    ...(first.dispatch
      ? { dispatch: { rebalances: m((r) => r.dispatch?.rebalances ?? NaN), counted: m((r) => r.dispatch?.counted ?? NaN), queued: m((r) => r.dispatch?.queued ?? NaN), p50DelayMs: m((r) => r.dispatch?.p50DelayMs ?? NaN), p99DelayMs: m((r) => r.dispatch?.p99DelayMs ?? NaN), maxDelayMs: m((r) => r.dispatch?.maxDelayMs ?? NaN) } }
      : {}),
  };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? "-" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/** The printed report of one run (or of the median run): headline, functions, processes. */
export function formatRun(r: RunResult, title: string): string {
  const head = `${title}: ${fmt(r.settled)} of ${fmt(r.claims)} claims settled in ${fmt(r.endToEndSeconds, 1)} s from the first byte uploaded = ${fmt(rate(r.settled, r.endToEndSeconds))} claims/s end to end (upload ${fmt(r.uploadSeconds, 1)} s); load average ${r.loadAverage.map((x) => x.toFixed(2)).join(" ")}`;
  const functions = table(
    ["function", "events", "rows", "active s", "rows/s active", "done at s", "rows/s to done"],
    byPipeline(r.functions).map((f) => [f.name, fmt(f.events), fmt(f.rows), fmt(f.activeSeconds, 1), fmt(rate(f.rows, f.activeSeconds)), fmt(f.doneAtSeconds, 1), fmt(rate(f.rows, f.doneAtSeconds))]),
  );
  const processes = table(
    ["process", "CPU s", "claims/CPU s", "peak RSS MiB", "ready ms", "start CPU s", "note"],
    byPipeline(r.processes).map((p) => [p.name, fmt(p.cpuSeconds, 1), fmt(rate(r.settled, p.cpuSeconds)), fmt(p.peakRssMiB), fmt(p.readyMs), fmt(p.startCpuSeconds, 2), p.note ?? ""]),
  );
  const problems = r.problems.length > 0 ? `\nTERMINAL COUNTS DIFFER FROM THE MANIFEST:\n  ${r.problems.join("\n  ")}\n` : "";
  const d = r.dispatch;
  const dispatch = d
    ? `\ndispatchers: ${fmt(d.rebalances)} consumer-group rebalances after the first join (target 0 without faults); delivery delay, produce to first dispatch, of ${fmt(d.counted)} records with none earlier of their partition waiting (${fmt(d.queued)} queued behind one, not counted): p50 ${fmt(d.p50DelayMs)} ms, p99 ${fmt(d.p99DelayMs)} ms (target under 2,000), max ${fmt(d.maxDelayMs)} ms\n`
    : "";
  const sessions = r.databaseSessions === undefined ? "" : `\ndatabase: ${fmt(r.databaseSessions)} PostgreSQL sessions opened during the run\n`;
  return `${head}\n\n${functions}\n\n${processes}\n${dispatch}${sessions}${problems}`;
}
