/**
 * What metrics and tracing cost (issue 21 acceptance): the national benchmark with both off and on,
 * alternating off, on, off, on, ... in one sitting, `--runs` times each, printing every run, then each
 * side's median and spread and the slowdown of the medians (target: at most 5%).
 *
 *   eval "$(bash scripts/services-env.sh)"   # distributed mode needs the servers
 *   npx node e2e/bench/telemetry-cost.ts --mode distributed --claims 400000 --runs 5
 *
 * off: METRICS=off (nothing recorded, /metrics answers 404), no OTEL_EXPORTER_OTLP_ENDPOINT (no span made).
 * on:  METRICS=on with every process's /metrics scraped every --scrape-s seconds (15, Prometheus's
 *      default), and every process exporting its spans over OTLP/HTTP to a receiver in this process
 *      (shared/telemetry test-support), which counts them.
 *
 * Options: --mode embedded|distributed (distributed) --runs N (5, each side) --claims N (400000)
 * --hospitals N (40) --seed N (400) --dir DIR --concurrency N (1) --scrape-s N (15) --timeout-s N (1800)
 * --json FILE. Exits 1 when a run's claims do not end as the manifest says, or an "on" run sent no span.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startOtlpReceiver } from "@casemix/telemetry/test-support/otlp-receiver.ts";
import { loadOrGenerateMonth } from "./month.ts";
import { formatRun, type RunResult } from "./report.ts";
import { runDistributed, type RunOptions } from "./run-distributed.ts";
import { runEmbedded } from "./run-embedded.ts";
import { sideSummary, slowdown } from "./spread.ts";

const { values: v } = parseArgs({
  options: {
    mode: { type: "string", default: "distributed" }, runs: { type: "string", default: "5" }, claims: { type: "string", default: "400000" },
    hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "400" }, dir: { type: "string" },
    concurrency: { type: "string", default: "1" }, "scrape-s": { type: "string", default: "15" }, "timeout-s": { type: "string", default: "1800" },
    json: { type: "string" },
  },
});
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
console.log(`month: ${manifest.totals.rows.toLocaleString("en-US")} claims in ${manifest.files.length} files; mode ${mode}; ${v.runs} runs each side, alternating`);

const receiver = await startOtlpReceiver();
const sides = { off: [] as RunResult[], on: [] as RunResult[] };
const all: (RunResult & { side: string; spans?: number })[] = [];
let silent = false;
try {
  for (let run = 1; run <= Number(v.runs); run++) {
    // Alternating, so a change in the shared machine's load falls on both sides alike.
    for (const side of ["off", "on"] as const) {
      const spansBefore = receiver.spans.length;
      const o: RunOptions = {
        run, dir, manifest, concurrency: Number(v.concurrency), sftpFiles: 0, timeoutMs: Number(v["timeout-s"]) * 1000,
        env: side === "off" ? { METRICS: "off" } : { METRICS: "on", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
        scrapeSeconds: side === "on" ? Number(v["scrape-s"]) : undefined,
      };
      const result = mode === "distributed" ? await runDistributed(o) : await runEmbedded(o);
      const spans = receiver.spans.length - spansBefore;
      receiver.spans.length = 0; // counted: not kept across runs
      if (side === "on" && spans === 0) silent = true;
      sides[side].push(result);
      all.push({ ...result, side, spans });
      console.log(`\n${formatRun(result, `${mode} telemetry ${side} run ${run}`)}`);
      const scraped = result.scrapes ? `, ${result.scrapes.scrapes} scrapes (${result.scrapes.failed} failed, ${Math.round(result.scrapes.bytes / Math.max(1, result.scrapes.scrapes))} bytes each)` : "";
      console.log(`${side} run ${run}: ${Math.round(result.settled / result.endToEndSeconds)} claims/s, ${spans} spans exported${scraped}`);
      if (v.json) await writeFile(v.json, JSON.stringify(all, null, 2));
    }
  }
} finally {
  await receiver.close();
}
const off = sideSummary(sides.off);
const on = sideSummary(sides.on);
for (const [name, s] of [["off", off], ["on", on]] as const) {
  console.log(`${name}: claims/s per run ${s.rates.join(", ")}; median ${s.median}, min ${s.min}, max ${s.max}, spread ${s.spreadPercent.toFixed(1)}% of the median`);
}
const cost = slowdown(off.median, on.median);
console.log(`metrics + tracing: ${cost.toFixed(1)}% slower on the medians (target at most 5%)${cost <= 5 ? "" : ": OVER TARGET"}`);
if (all.some((r) => r.problems.length > 0)) {
  console.error("FAILED: terminal counts differ from the manifest (see the runs above)");
  process.exitCode = 1;
}
if (silent) {
  console.error("FAILED: an \"on\" run exported no span: tracing was not on");
  process.exitCode = 1;
}
