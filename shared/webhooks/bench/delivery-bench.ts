// Benchmark of the notify core: deliveries per second to a local receiver, and the time from
// enqueue (the outcome event reaching notify) to the receiver accepting it, at a fixed rate.
//
//   npx node shared/webhooks/bench/delivery-bench.ts [--count 2000] [--rate 250] [--seconds 8] [--concurrency 32]
//
// The receiver is the loopback MyGDX stub: HTTPS with mutual TLS, bearer tokens from its OIDC
// issuer (private_key_jwt), and a signature check on every request (HMAC + Ed25519 signatures are
// made for each delivery). It runs in this process, so sender and receiver share the CPU; the
// numbers are a floor for the sender alone.
import { parseArgs } from "node:util";
import { DEFAULT_RETRY_POLICY } from "../src/retry-policy.ts";
import { batchCompletedEvent, startHarness } from "../test-support/harness.ts";
import { createTestPki, hasOpenssl } from "../test-support/pki.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "2000" },
    rate: { type: "string", default: "250" },
    seconds: { type: "string", default: "8" },
    concurrency: { type: "string", default: "32" },
  },
});
const count = Number(values.count);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
if (!hasOpenssl()) {
  console.error("the benchmark needs the openssl CLI to make its test certificates");
  process.exit(1);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ms = (n: number) => n.toFixed(1).padStart(8) + " ms";
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const h = await startHarness({ pki: createTestPki(), policy: DEFAULT_RETRY_POLICY, concurrency });
const arrivals = new Map<string, number>();
h.stub.onReceive = (r) => arrivals.set(r.webhookId, r.receivedAt);
let nextEvent = 0;

// Warm-up: the first token, TLS sessions, JIT.
await Promise.all(Array.from({ length: 50 }, () => h.notifier.notify(batchCompletedEvent(nextEvent++))));

// 1. Throughput: `count` distinct events enqueued at once, at most `concurrency` requests in flight.
{
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: count }, () => h.notifier.notify(batchCompletedEvent(nextEvent++))));
  const elapsed = (performance.now() - started) / 1000;
  const delivered = results.filter((r) => r.ok && r.value.deliveries.every((d) => d.status === "delivered")).length;
  console.log(`throughput: ${delivered}/${count} delivered in ${elapsed.toFixed(2)} s = ${(delivered / elapsed).toFixed(0)} deliveries/s (concurrency ${concurrency}; target >= 200/s)`);
}

// 2. Latency, open loop: events arrive at a fixed rate whatever the deliveries do.
{
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let failures = 0;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    // Never early (latency is measured from `due`); late counts against us (open loop).
    while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(1, due - performance.now())));
    const event = batchCompletedEvent(nextEvent++);
    pending.push(
      h.notifier.notify(event).then((r) => {
        const d = r.ok ? r.value.deliveries[0] : undefined;
        const at = d ? arrivals.get(d.webhookId) : undefined;
        if (d?.status !== "delivered" || at === undefined) failures++;
        else latencies.push(at - due);
      }),
    );
  }
  await Promise.all(pending);
  const achieved = total / ((performance.now() - t0) / 1000);
  latencies.sort((a, b) => a - b);
  console.log(`latency at ${rate}/s for ${seconds} s (${total} events, ${failures} not delivered, achieved ${achieved.toFixed(0)}/s), enqueue -> accepted by receiver:`);
  console.log(`  p50 ${ms(percentile(latencies, 50))}   p95 ${ms(percentile(latencies, 95))}   p99 ${ms(percentile(latencies, 99))}   max ${ms(latencies.at(-1) ?? NaN)}   (target p95 <= 1000 ms)`);
}

clearInterval(rssTimer);
console.log(`tokens fetched: ${h.stub.tokensIssued.length}; refused by receiver: ${h.stub.refused.length}; most requests in flight at the receiver: ${h.stub.maxInFlight} (limit ${concurrency}); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
await h.close();
