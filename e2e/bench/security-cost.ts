/**
 * What the audit trail and row-level security cost (issue 17.4/17.5 acceptance): the national benchmark
 * with both off and on, alternating off, on, off, on, ... in one sitting, `--runs` times each, printing
 * every run, then each side's median and spread and the slowdown of the medians (target: at most 10%).
 *
 *   eval "$(bash scripts/services-env.sh)"   # distributed mode needs the servers
 *   npx node e2e/bench/security-cost.ts --mode embedded --claims 400000 --runs 5
 *
 * off: CASEMIX_AUDIT=off, ACCESS_LOG=off, and (distributed) the functions connect as the tables' owner,
 *      a superuser, whom row-level security does not bind.
 * on:  audit records for every call and event, the access log to a file, and (distributed) the functions
 *      connect as the role `casemix_fn_bench` (no table owned, so the FORCE'd policies bind it) with
 *      DATABASE_ROW_SCOPE=on. Embedded mode is one PGlite superuser: there "on" is auditing alone.
 *
 * Options: --mode embedded|distributed (embedded) --runs N (5, each side) --claims N (400000)
 * --hospitals N (40) --seed N (400) --dir DIR --concurrency N (1) --sftp-files N (0) --timeout-s N (1800)
 * --json FILE. Exits 1 when a run's claims do not end as the manifest says.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadOrGenerateMonth } from "./month.ts";
import { formatRun, type RunResult } from "./report.ts";
import { runDistributed, type RunOptions } from "./run-distributed.ts";
import { runEmbedded } from "./run-embedded.ts";
import { sideSummary, slowdown } from "./spread.ts";

const { values: v } = parseArgs({
  options: {
    mode: { type: "string", default: "embedded" }, runs: { type: "string", default: "5" }, claims: { type: "string", default: "400000" },
    hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "400" }, dir: { type: "string" },
    concurrency: { type: "string", default: "1" }, "sftp-files": { type: "string", default: "0" }, "timeout-s": { type: "string", default: "1800" },
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

const logs = await mkdtemp(join(tmpdir(), "casemix-security-cost-"));
const sides = { off: [] as RunResult[], on: [] as RunResult[] };
const all: (RunResult & { side: string })[] = [];
try {
  for (let run = 1; run <= Number(v.runs); run++) {
    // Alternating, so a change in the shared machine's load falls on both sides alike.
    for (const side of ["off", "on"] as const) {
      const o: RunOptions = {
        run, dir, manifest, concurrency: Number(v.concurrency), sftpFiles: Number(v["sftp-files"]), timeoutMs: Number(v["timeout-s"]) * 1000,
        env: side === "off" ? { CASEMIX_AUDIT: "off", ACCESS_LOG: "off" } : { CASEMIX_AUDIT: "on", ACCESS_LOG: join(logs, `access-${run}.jsonl`) },
        functionRole: side === "on" && mode === "distributed" ? "casemix_fn_bench" : undefined,
      };
      const result = mode === "distributed" ? await runDistributed(o) : await runEmbedded(o);
      sides[side].push(result);
      all.push({ ...result, side });
      console.log(`\n${formatRun(result, `${mode} ${side} run ${run}`)}`);
      console.log(`${side} run ${run}: ${Math.round(result.settled / result.endToEndSeconds)} claims/s, ${result.auditRecords ?? "?"} audit records`);
      if (v.json) await writeFile(v.json, JSON.stringify(all, null, 2));
    }
  }
} finally {
  await rm(logs, { recursive: true, force: true });
}
const off = sideSummary(sides.off);
const on = sideSummary(sides.on);
for (const [name, s] of [["off", off], ["on", on]] as const) {
  console.log(`${name}: claims/s per run ${s.rates.join(", ")}; median ${s.median}, min ${s.min}, max ${s.max}, spread ${s.spreadPercent.toFixed(1)}% of the median`);
}
const cost = slowdown(off.median, on.median);
console.log(`auditing + row-level security: ${cost.toFixed(1)}% slower on the medians (target at most 10%)${cost <= 10 ? "" : ": OVER TARGET"}`);
if (all.some((r) => r.problems.length > 0)) {
  console.error("FAILED: terminal counts differ from the manifest (see the runs above)");
  process.exitCode = 1;
}
