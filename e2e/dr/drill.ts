/**
 * The disaster-recovery drill, by one command (runbook: e2e/dr/README.md):
 *
 *   npm run drill:dr -- --claims 1000000          # starts Kafka, S3Proxy, Redis through scripts/with-services.sh
 *
 * Options: --claims N (1000000) --hospitals N (40) --seed N (22) --dir DIR (the month, generated once and
 * reused) --tail F (share of the claims sent after the base backup, 0.2) --crash-at F (share of the tail
 * settled when the cluster is destroyed, 0.4) --archive-timeout-s N (30, at most 60) --timeout-s N (3600).
 * Prints the measured RPO and RTO; exits 1 when a claim does not end as the manifest says, or a target
 * (RPO <= 60 s, RTO <= 600 s) is missed.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadOrGenerateMonth } from "../bench/month.ts";
import { formatDrill, missedTargets } from "./report.ts";
import { runDrill } from "./run-drill.ts";

const { values: v } = parseArgs({
  options: {
    claims: { type: "string", default: "1000000" }, hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "22" },
    dir: { type: "string" }, tail: { type: "string", default: "0.2" }, "crash-at": { type: "string", default: "0.4" },
    "archive-timeout-s": { type: "string", default: "30" }, "timeout-s": { type: "string", default: "3600" },
  },
});
if (!(process.env.KAFKA_BROKERS && process.env.S3_ENDPOINT)) {
  console.error('the drill needs Kafka and S3: run it with `npm run drill:dr` or after eval "$(bash scripts/services-env.sh)"');
  process.exit(2);
}
const claims = Number(v.claims), hospitals = Number(v.hospitals), seed = Number(v.seed);
const dir = v.dir ?? join(tmpdir(), `casemix-bench-month-${claims}-${hospitals}-${seed}`);
const manifest = await loadOrGenerateMonth({ claims, hospitals, seed, period: "2026-09", dir });
const report = await runDrill({ dir, manifest, tail: Number(v.tail), crashAt: Number(v["crash-at"]), archiveTimeoutS: Number(v["archive-timeout-s"]), timeoutMs: Number(v["timeout-s"]) * 1000 });
console.log(formatDrill(report));
const missed = missedTargets(report);
if (missed.length > 0) {
  console.error(`FAILED: ${missed.join("; ")}`);
  process.exitCode = 1;
}
