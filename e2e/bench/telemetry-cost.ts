/**
 * What metrics and tracing cost (issue 21 acceptance): the national benchmark with both off and on,
 * alternating off, on, off, on, ... in one sitting, `--runs` times each, printing every run, then each
 * side's median and spread and the slowdown of the medians (target: at most 5%).
 *
 *   eval "$(bash scripts/services-env.sh)"   # distributed mode needs the servers
 *   npx node e2e/bench/telemetry-cost.ts --mode distributed --claims 400000 --runs 5
 *
 * off: METRICS=off (no casemix metric recorded, /metrics answers 404; prom-client's GC observer and
 *      event-loop-delay monitor start with the module on both sides), no OTEL_EXPORTER_OTLP_ENDPOINT (no span made).
 * on:  METRICS=on with every process's /metrics scraped every --scrape-s seconds (15, Prometheus's
 *      default), and every process exporting its spans over OTLP/HTTP to a receiver in this process
 *      (shared/telemetry test-support), which counts them.
 *
 * Options: --mode embedded|distributed (distributed) --runs N (5, each side) --claims N (400000)
 * --hospitals N (40) --seed N (400) --dir DIR --concurrency N (1) --scrape-s N (15) --timeout-s N (1800)
 * --warmup N (1, not counted) --order alternate|balanced (alternate) --json FILE. Exits 1 when a run's claims do not end as the manifest says, or an "on" run sent no span.
 */
import { startOtlpReceiver } from "@casemix/telemetry/test-support/otlp-receiver.ts";
import { alternateSides, openCostBench, reportSides, type Sides } from "./alternate-sides.ts";
import { runDistributed, type RunOptions } from "./run-distributed.ts";
import { runEmbedded } from "./run-embedded.ts";

const bench = await openCostBench("distributed", { "scrape-s": { type: "string", default: "15" } });
const { mode, dir, manifest } = bench;

const receiver = await startOtlpReceiver();
let silent = false;
let sides: Sides;
try {
  sides = await alternateSides({
    runs: bench.runs,
    warmup: bench.warmup,
    order: bench.order,
    title: `${mode} telemetry`,
    json: bench.json,
    runSide: async (side, run) => {
      const spansBefore = receiver.spans.length;
      const o: RunOptions = {
        run, dir, manifest, concurrency: bench.concurrency, sftpFiles: 0, timeoutMs: bench.timeoutMs,
        env: side === "off" ? { METRICS: "off" } : { METRICS: "on", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
        scrapeSeconds: side === "on" ? Number(bench.extra["scrape-s"]) : undefined,
      };
      const result = mode === "distributed" ? await runDistributed(o) : await runEmbedded(o);
      const spans = receiver.spans.length - spansBefore;
      receiver.spans.length = 0; // counted: not kept across runs
      if (side === "on" && spans === 0) silent = true;
      const scraped = result.scrapes ? `, ${result.scrapes.scrapes} scrapes (${result.scrapes.failed} failed, ${Math.round(result.scrapes.bytes / Math.max(1, result.scrapes.scrapes))} bytes each)` : "";
      return { result, note: `${spans} spans exported${scraped}`, details: { spans } };
    },
  });
} finally {
  await receiver.close();
}
reportSides(sides, "metrics + tracing", 5);
if (silent) {
  console.error("FAILED: an \"on\" run exported no span: tracing was not on");
  process.exitCode = 1;
}
