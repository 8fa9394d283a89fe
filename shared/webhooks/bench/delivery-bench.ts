// Benchmark of the notify core: deliveries per second to a local receiver, and the time from
// enqueue (the outcome event reaching notify) to the receiver accepting it, at a fixed rate.
//
//   npx node shared/webhooks/bench/delivery-bench.ts [--count 2000] [--rate 250] [--seconds 8] [--concurrency 32]
//
// The receiver is the loopback MyGDX stub: HTTPS with mutual TLS, bearer tokens from its OIDC
// issuer (private_key_jwt), and a signature check on every request (HMAC + Ed25519 signatures are
// made for each delivery). It runs in this process, so sender and receiver share the CPU; the
// numbers are a floor for the sender alone.
import { DEFAULT_RETRY_POLICY } from "../src/retry-policy.ts";
import { latencyLine, openLoop, parseBenchOptions, trackPeakRss } from "../test-support/bench.ts";
import { batchCompletedEvent, startHarness } from "../test-support/harness.ts";
import { createTestPki } from "../test-support/pki.ts";

const { count, rate, seconds, concurrency } = parseBenchOptions();
const rss = trackPeakRss();

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
  const latencies: number[] = [];
  let failures = 0;
  const { total, achieved } = await openLoop(rate, seconds, (due) =>
    h.notifier.notify(batchCompletedEvent(nextEvent++)).then((r) => {
      const d = r.ok ? r.value.deliveries[0] : undefined;
      const at = d ? arrivals.get(d.webhookId) : undefined;
      if (d?.status !== "delivered" || at === undefined) failures++;
      else latencies.push(at - due);
    }),
  );
  latencies.sort((a, b) => a - b);
  console.log(`latency at ${rate}/s for ${seconds} s (${total} events, ${failures} not delivered, achieved ${achieved.toFixed(0)}/s), enqueue -> accepted by receiver:`);
  console.log(latencyLine(latencies));
}

const peakMiB = rss.stop();
console.log(`tokens fetched: ${h.stub.tokensIssued.length}; refused by receiver: ${h.stub.refused.length}; most requests in flight at the receiver: ${h.stub.maxInFlight} (limit ${concurrency}); peak RSS ${peakMiB.toFixed(0)} MiB`);
await h.close();
