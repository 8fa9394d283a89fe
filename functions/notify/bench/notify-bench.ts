// Benchmark of the notify FUNCTION: outcome events go in through the runtime's event processor
// (idempotency record + queue rows in one transaction), the sweeper delivers them to a loopback
// MyGDX-like receiver (mutual TLS, OIDC bearer token from its private_key_jwt token endpoint, HMAC +
// Ed25519 signatures checked on every request).
//
//   npx node functions/notify/bench/notify-bench.ts [--db pglite|postgres] [--count 2000] [--rate 250] [--seconds 8] [--concurrency 32]
//
// 1. throughput: `count` events handed over at once; deliveries per second until the receiver has all.
// 2. latency, open loop: events at a fixed rate whatever happens; time from the event's due time
//    (handed to the function) to the receiver accepting its webhook; p50/p95/p99.
// Sender, receiver and database (PGlite: in this process) share the CPU: the numbers are a floor.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { createPostgresDb, migrate } from "@casemix/db";
import { createTestPlatform, type Platform } from "@casemix/runtime";
import { DEFAULT_RETRY_POLICY } from "@casemix/webhooks";
import { latencyLine, openLoop, parseBenchOptions, trackPeakRss } from "@casemix/webhooks/test-support/bench.ts";
import { createTestPki } from "@casemix/webhooks/test-support/pki.ts";
import { batchCompleted, startNotifyHarness, waitFor } from "../test-support/notify-harness.ts";

const { count, rate, seconds, concurrency, values } = parseBenchOptions({
  db: { type: "string", default: "pglite" },
  url: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
});
const rss = trackPeakRss();

async function platformOf(kind: string): Promise<{ platform: Platform; dispose(): Promise<void> }> {
  if (kind !== "postgres") {
    const platform = await createTestPlatform();
    return { platform, dispose: () => platform.db.close() };
  }
  const schema = `notify_bench_${randomBytes(4).toString("hex")}`;
  const admin = createPostgresDb({ url: values.url, max: 1 });
  await admin.query(`create schema ${schema}`);
  const db = createPostgresDb({ url: values.url, max: 10, schema });
  await migrate(db);
  const base = await createTestPlatform();
  await base.db.close();
  return {
    platform: { ...base, db },
    async dispose() {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.close();
    },
  };
}

const { platform, dispose } = await platformOf(values.db);
const h = await startNotifyHarness({ pki: createTestPki(), platform, policy: DEFAULT_RETRY_POLICY, concurrency });
const arrivals = new Map<string, number>();
h.stub.onReceive = (r) => arrivals.set(JSON.parse(r.body).data.batchId as string, r.receivedAt);
let next = 0;
const deliver = (n: number) => h.process(batchCompleted(n));

// Warm-up: the first token, TLS sessions, JIT, query plans.
{
  const first = next;
  await Promise.all(Array.from({ length: 50 }, () => deliver(next++)));
  await waitFor(() => arrivals.has(`bat_${next - 1}`) && arrivals.has(`bat_${first}`), 30_000);
}

// 1. Throughput.
{
  const from = next;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => deliver(next++)));
  const accepted = performance.now();
  await waitFor(() => Array.from({ length: count }, (_, i) => arrivals.has(`bat_${from + i}`)).every(Boolean), 120_000);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / count;
  console.log(`throughput (${values.db}): ${count} events -> ${count} deliveries in ${elapsed.toFixed(2)} s = ${(count / elapsed).toFixed(0)} deliveries/s (events accepted by the function in ${((accepted - started) / 1000).toFixed(2)} s; target >= 200/s)`);
  // CPU time does not depend on how busy the machine is: what one core of this process would sustain.
  console.log(`  CPU of this process (function + sweeper + receiver${values.db === "pglite" ? " + PGlite" : ""}): ${cpuMs.toFixed(2)} ms per delivery = ${(1000 / cpuMs).toFixed(0)} deliveries/s per core; load average ${loadavg()[0]!.toFixed(1)}`);
}

// 2. Latency, open loop.
{
  const due = new Map<number, number>();
  const { total, achieved } = await openLoop(rate, seconds, (at) => {
    const n = next++;
    due.set(n, at);
    return deliver(n);
  });
  await waitFor(() => [...due.keys()].every((n) => arrivals.has(`bat_${n}`)), 120_000).catch(() => undefined);
  const latencies = [...due].flatMap(([n, at]) => (arrivals.has(`bat_${n}`) ? [arrivals.get(`bat_${n}`)! - at] : [])).sort((a, b) => a - b);
  console.log(`latency at ${rate}/s for ${seconds} s (${total} events, ${total - latencies.length} not delivered, offered ${achieved.toFixed(0)}/s), outcome event -> accepted by receiver:`);
  console.log(latencyLine(latencies));
}

const peakMiB = rss.stop();
const dupes = h.stub.received.length - new Set(h.stub.received.map((r) => r.webhookId)).size;
console.log(`received ${h.stub.received.length} (duplicates ${dupes}); tokens fetched ${h.stub.tokensIssued.length}; refused ${h.stub.refused.length}; most in flight at the receiver ${h.stub.maxInFlight}; peak RSS ${peakMiB.toFixed(0)} MiB`);
const { rows: failures } = await platform.db.query<{ error_code: string; n: number }>(
  "SELECT error_code, count(*)::int AS n FROM webhook_attempts WHERE outcome = 'failed' GROUP BY error_code ORDER BY n DESC",
);
// A receiver can accept a request whose answer comes after the attempt's deadline: the attempt is
// then a failure (ETIMEDOUT), the retry a second arrival with the same webhook-id (receivers dedupe).
console.log(`failed attempts: ${failures.length === 0 ? "none" : failures.map((f) => `${f.error_code} x${f.n}`).join(", ")}`);
await h.close();
await dispose();
