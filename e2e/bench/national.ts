/**
 * The national benchmark (issue 8): a pre-generated month through the whole mesh, distributed (each
 * function its own process on Kafka, PostgreSQL, S3 and Redis) and/or embedded (one process on PGlite),
 * `--runs` times each, printing every run and the median of the runs.
 *
 *   eval "$(bash scripts/services-env.sh)"   # distributed mode needs the servers of services-up.sh
 *   npx node e2e/bench/national.ts --claims 400000 --runs 3 --mode both
 *
 * Options: --claims N (400000) --hospitals N (40) --seed N (400) --dir DIR (where the month is written
 * once and reused; default under the temp folder) --mode distributed|embedded|both (both)
 * --runs N (3) --concurrency N (REST uploads at a time, 1) --sftp-files N (files dropped over SFTP
 * when the SFTP server is there, 1) --timeout-s N (per run, 1800) --json FILE (every run, as JSON, rewritten after each)
 * --pace N (paced mode: uploads started at N claims/s; default: as fast as intake takes them).
 * A distributed run also prints its dispatchers' consumer-group rebalances after the first join and the
 * p99 delivery delay from produce to first dispatch (dispatch-stats.ts, issue 16).
 * Exits 1 when a run's claims do not end in the states the manifest says (after printing every run).
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadOrGenerateMonth } from "./month.ts";
import { formatRun, medianRun, type RunResult } from "./report.ts";
import { runDistributed, type RunOptions } from "./run-distributed.ts";
import { runEmbedded } from "./run-embedded.ts";

const { values: v } = parseArgs({
  options: {
    claims: { type: "string", default: "400000" }, hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "400" },
    dir: { type: "string" }, mode: { type: "string", default: "both" }, runs: { type: "string", default: "3" },
    concurrency: { type: "string", default: "1" }, "sftp-files": { type: "string", default: "1" }, "timeout-s": { type: "string", default: "1800" },
    json: { type: "string" }, pace: { type: "string" },
  },
});
const claims = Number(v.claims);
const hospitals = Number(v.hospitals);
const seed = Number(v.seed);
const modes = v.mode === "both" ? (["distributed", "embedded"] as const) : [v.mode as "distributed" | "embedded"];
if (!modes.every((m) => m === "distributed" || m === "embedded")) throw new Error(`--mode must be distributed, embedded or both, not ${v.mode}`);
if (modes.includes("distributed") && !(process.env.DATABASE_URL && process.env.KAFKA_BROKERS && process.env.S3_ENDPOINT)) {
  console.error('distributed mode needs the servers: eval "$(bash scripts/services-env.sh)" first');
  process.exit(2);
}

const dir = v.dir ?? join(tmpdir(), `casemix-bench-month-${claims}-${hospitals}-${seed}`);
const t = performance.now();
const manifest = await loadOrGenerateMonth({ claims, hospitals, seed, period: "2026-09", dir });
console.log(`month: ${manifest.totals.rows.toLocaleString("en-US")} claims in ${manifest.files.length} files in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s to generate or read); expected ${JSON.stringify(manifest.totals.states)}`);

const all: RunResult[] = [];
for (const mode of modes) {
  const runs: RunResult[] = [];
  for (let run = 1; run <= Number(v.runs); run++) {
    const o: RunOptions = { run, dir, manifest, concurrency: Number(v.concurrency), sftpFiles: Number(v["sftp-files"]), timeoutMs: Number(v["timeout-s"]) * 1000, paceClaimsPerSecond: v.pace ? Number(v.pace) : undefined };
    const result = mode === "distributed" ? await runDistributed(o) : await runEmbedded(o);
    runs.push(result);
    all.push(result);
    console.log(`\n${formatRun(result, `${mode} run ${run}`)}`);
    // Written after every run, so a long benchmark stopped early keeps the runs it finished.
    if (v.json) await writeFile(v.json, JSON.stringify(all, null, 2));
  }
  const m = medianRun(runs);
  console.log(`\n${formatRun(m, `${mode}: MEDIAN of ${runs.length} runs`)}`);
  console.log(`${mode} end-to-end claims/s per run: ${runs.map((r) => Math.round(r.settled / r.endToEndSeconds)).join(", ")}`);
}
// Every run is measured and printed first; a run whose claims did not end as the manifest says fails the bench.
if (all.some((r) => r.problems.length > 0)) {
  console.error("FAILED: terminal counts differ from the manifest (see the runs above)");
  process.exitCode = 1;
}
