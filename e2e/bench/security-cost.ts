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
 * --warmup N (1, not counted) --order alternate|balanced (alternate) --json FILE. Exits 1 when a run's claims do not end as the manifest says.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alternateSides, openCostBench, reportSides, type Sides } from "./alternate-sides.ts";
import { runDistributed, type RunOptions } from "./run-distributed.ts";
import { runEmbedded } from "./run-embedded.ts";

const bench = await openCostBench("embedded", { "sftp-files": { type: "string", default: "0" } });
const { mode, dir, manifest } = bench;

const logs = await mkdtemp(join(tmpdir(), "casemix-security-cost-"));
let sides: Sides;
try {
  sides = await alternateSides({
    runs: bench.runs,
    warmup: bench.warmup,
    order: bench.order,
    title: mode,
    json: bench.json,
    runSide: async (side, run) => {
      const o: RunOptions = {
        run, dir, manifest, concurrency: bench.concurrency, sftpFiles: Number(bench.extra["sftp-files"]), timeoutMs: bench.timeoutMs,
        env: side === "off" ? { CASEMIX_AUDIT: "off", ACCESS_LOG: "off" } : { CASEMIX_AUDIT: "on", ACCESS_LOG: join(logs, `access-${run}.jsonl`) },
        functionRole: side === "on" && mode === "distributed" ? "casemix_fn_bench" : undefined,
      };
      const result = mode === "distributed" ? await runDistributed(o) : await runEmbedded(o);
      return { result, note: `${result.auditRecords ?? "?"} audit records` };
    },
  });
} finally {
  await rm(logs, { recursive: true, force: true });
}
reportSides(sides, "auditing + row-level security", 10);
