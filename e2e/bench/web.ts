/**
 * The web application's benchmark (issue 20): the whole mesh distributed on PostgreSQL (each function
 * its own process, e2e/src/national/mesh.ts), a national month loaded and its period closed before the
 * timed part, then an open loop of authenticated page requests at a fixed rate over the batch list,
 * claim pages (distinct claims), the review queue and the period page, printing p50/p95/p99.
 *
 *   eval "$(bash scripts/services-env.sh)"
 *   npx node e2e/bench/web.ts --claims 400000 --rate 20 --seconds 120
 *
 * Options: --claims N (400000) --hospitals N (40) --seed N (400) --dir DIR (the month, reused)
 * --rate N (requests/s, 20) --seconds N (timed part, 120) --concurrency N (uploads at a time, 2)
 * --no-close (leave the period open). Latency is measured from each request's scheduled start, so a
 * slow answer delays no later request and is not hidden (no coordinated omission). PDF generation is
 * not requested (the period page links to the PDF, it does not make it). Exits 1 when a request fails.
 */
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startNationalMesh } from "../src/national/mesh.ts";
import { loadOrGenerateMonth } from "./month.ts";
import { uploadMonth } from "./upload.ts";
import { waitAndCheck } from "./wait-batches.ts";
import { webSession } from "./web-session.ts";

const { values: v } = parseArgs({
  options: {
    claims: { type: "string", default: "400000" }, hospitals: { type: "string", default: "40" }, seed: { type: "string", default: "400" },
    dir: { type: "string" }, rate: { type: "string", default: "20" }, seconds: { type: "string", default: "120" },
    concurrency: { type: "string", default: "2" }, "no-close": { type: "boolean", default: false },
  },
});
if (!(process.env.DATABASE_URL && process.env.KAFKA_BROKERS && process.env.S3_ENDPOINT)) {
  console.error('the web benchmark runs distributed: eval "$(bash scripts/services-env.sh)" first');
  process.exit(2);
}
const claims = Number(v.claims);
const hospitals = Number(v.hospitals);
const PERIOD = "2026-09";
const dir = v.dir ?? join(tmpdir(), `casemix-bench-month-${claims}-${hospitals}-${v.seed}`);
const manifest = await loadOrGenerateMonth({ claims, hospitals, seed: Number(v.seed), period: PERIOD, dir });

const mesh = await startNationalMesh("bench_web");
let failed = false;
try {
  const intakeUrl = mesh.procs.get("intake")!.url;
  const webUrl = mesh.procs.get("web")!.url;
  const admin = await mesh.issuer.token({ roles: ["admin", "ministry"], expiresIn: "12h" });
  const t0 = Date.now();
  const uploaded = await uploadMonth(
    { intakeUrl, adminToken: admin, hospitalToken: (hospital) => mesh.issuer.token({ roles: ["hospital"], hospital, expiresIn: "2h" }) },
    dir, manifest.files, { concurrency: Number(v.concurrency), sftpFiles: 0 },
  );
  const { problems } = await waitAndCheck(intakeUrl, admin, uploaded, { timeoutMs: 3 * 3600_000, total: manifest.totals.rows });
  if (problems.length > 0) console.warn(`load: ${problems.length} batches differ from the manifest (first: ${problems[0]})`);
  console.log(`loaded ${manifest.totals.rows.toLocaleString("en-US")} claims in ${uploaded.length} batches in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (!v["no-close"]) {
    await closePeriod(mesh.procs.get("scheduler")!.url, mesh.procs.get("price")!.url, admin);
    // The close makes report build the period's reports (PDF included): done before the timed part, so
    // PDF generation is not measured.
    const t = Date.now();
    while ((await mesh.pool.query("select 1 from report_file where period = $1 and format = 'pdf'", [PERIOD])).rows.length === 0) {
      if (Date.now() - t > 1800_000) throw new Error(`no report of ${PERIOD} within 30 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`period ${PERIOD}'s reports published in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }

  const { rows } = await mesh.pool.query<{ claim_id: string }>("select claim_id from claim where period = $1 order by md5(claim_id) limit 5000", [PERIOD]);
  const claimIds = rows.map((r) => r.claim_id);
  const cookie = await webSession(webUrl, "admin");
  // What each kind of page must show, so a sign-in page or an error page is never counted as served.
  const kinds = [
    { name: "batch list", path: () => "/app/batches", marker: "bat_" },
    { name: "claim page", path: (i: number) => `/app/claims/${claimIds[i % claimIds.length]}`, marker: "Grouping" },
    { name: "review queue", path: () => "/app/reviews", marker: "<h1>Outlier review queue</h1>" },
    { name: "period page", path: () => `/app/periods/${PERIOD}`, marker: `Period ${PERIOD}` },
  ];
  const rate = Number(v.rate);
  const total = Math.round(rate * Number(v.seconds));
  console.log(`timed part: ${total} requests at ${rate}/s over ${kinds.map((k) => k.name).join(", ")} (${claimIds.length} distinct claims), signed in as admin`);
  const latencies = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
  const errors: string[] = [];
  const start = performance.now() + 100;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const kind = kinds[i % kinds.length];
    const path = kind.path(Math.floor(i / kinds.length));
    inflight.push(
      fetch(`${webUrl}${path}`, { headers: { cookie }, redirect: "manual" })
        .then(async (res) => {
          const body = await res.text();
          if (res.status !== 200 || !body.includes(kind.marker)) errors.push(`${path}: ${res.status} ${body.slice(0, 120)}`);
          latencies.get(kind.name)!.push(performance.now() - due);
        })
        .catch((error: unknown) => void errors.push(`${path}: ${(error as Error).message}`)),
    );
  }
  await Promise.all(inflight);
  const all = [...latencies.values()].flat();
  const line = (name: string, xs: number[]) => `${name.padEnd(14)} n=${String(xs.length).padStart(5)}  p50 ${pct(xs, 50)} ms  p95 ${pct(xs, 95)} ms  p99 ${pct(xs, 99)} ms  max ${pct(xs, 100)} ms`;
  // The machine is shared: its load says how much CPU the mesh had (2 cores at a load of 28 is 1/14 each).
  console.log(`\nweb pages, ${manifest.totals.rows.toLocaleString("en-US")} claims in period ${PERIOD}, open loop ${rate} req/s, distributed on PostgreSQL (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}):`);
  for (const [name, xs] of latencies) console.log(`  ${line(name, xs)}`);
  console.log(`  ${line("all", all)}`);
  console.log(`  errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ""}; target p95 < 1000 ms: ${Number(pct(all, 95)) < 1000 ? "met" : "NOT met"}`);
  failed = errors.length > 0;
} finally {
  await mesh.close();
}
process.exit(failed ? 1 : 0);

function pct(xs: number[], p: number): string {
  if (xs.length === 0) return "-";
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(0);
}

async function closePeriod(schedulerUrl: string, priceUrl: string, token: string): Promise<void> {
  const t = Date.now();
  const res = await fetch(`${schedulerUrl}/v1/periods/${PERIOD}/close`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
  if (res.status !== 202) throw new Error(`close answered ${res.status}: ${await res.text()}`);
  for (;;) {
    const period = (await (await fetch(`${priceUrl}/v1/periods/${PERIOD}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status?: string };
    if (period.status === "closed") break;
    if (Date.now() - t > 3600_000) throw new Error(`period ${PERIOD} not closed within an hour`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`period ${PERIOD} closed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
