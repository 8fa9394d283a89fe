import { parseArgs } from "node:util";
import { hasOpenssl } from "./pki.ts";

/**
 * What the delivery benchmarks share (bench/delivery-bench.ts, the core; functions/notify/bench/
 * notify-bench.ts, the function): their options, the open loop and how latencies are printed.
 */

export type BenchOptions = { count: number; rate: number; seconds: number; concurrency: number; values: Record<string, string> };

/**
 * --count (2000) --rate (250) --seconds (8) --concurrency (32) and a script's `extra` options; exits 1
 * when the openssl CLI, which makes the test certificates, is missing.
 */
export function parseBenchOptions(extra: Record<string, { type: "string"; default: string }> = {}): BenchOptions {
  const { values } = parseArgs({
    options: {
      ...extra,
      count: { type: "string", default: "2000" },
      rate: { type: "string", default: "250" },
      seconds: { type: "string", default: "8" },
      concurrency: { type: "string", default: "32" },
    },
  });
  if (!hasOpenssl()) {
    console.error("the benchmark needs the openssl CLI to make its test certificates");
    process.exit(1);
  }
  const v = values as Record<string, string>;
  return { count: Number(v.count), rate: Number(v.rate), seconds: Number(v.seconds), concurrency: Number(v.concurrency), values: v };
}

/** The value at percentile `p` (nearest rank) of ascending `sorted`; NaN when it is empty. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const ms = (n: number) => n.toFixed(1).padStart(8) + " ms";

/** The percentiles line of ascending `latencies` (ms), against the target p95 of 1 s. */
export function latencyLine(latencies: number[]): string {
  return `  p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   p99 ${ms(percentile(latencies, 99))}   max ${ms(latencies.at(-1) ?? NaN)}   (target p95 <= 1000 ms)`;
}

/** Samples this process's resident memory every 50 ms; `stop` ends it and gives the peak in MiB. */
export function trackPeakRss(): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop() {
      clearInterval(timer);
      return peak / 2 ** 20;
    },
  };
}

/**
 * Open loop: `rate` events a second for `seconds`, each `send` at its due time (performance.now() ms)
 * whatever the earlier ones do. Never early, as latency is measured from `due`; late counts against the
 * sender. Waits for every send; gives the events sent and the rate achieved.
 */
export async function openLoop(rate: number, seconds: number, send: (due: number) => Promise<unknown>): Promise<{ total: number; achieved: number }> {
  const total = Math.round(rate * seconds);
  const sent: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(1, due - performance.now())));
    sent.push(send(due));
  }
  await Promise.all(sent);
  return { total, achieved: total / ((performance.now() - t0) / 1000) };
}
