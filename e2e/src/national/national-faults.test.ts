import { afterAll, afterEach, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import type { Manifest } from "@casemix/generator";
import { startKafkaInstance, type KafkaInstance } from "./kafka-instance.ts";
import { hasServices, startNationalMesh, type MeshView, type NationalMesh } from "./mesh.ts";
import { CLAIMS, generate, HOSPITALS, removeGenerated, runMonth, sleep, TIMEOUT_MS } from "./month.ts";
import { invariantViolations, submitFile } from "./national-flow.ts";
import { startSupervisedMesh, type SupervisedMesh } from "./supervised-mesh.ts";
import { isAlive } from "../../../shared/cli/src/commands/mesh-process.ts";
import { receivedSummary, startWebhookReceiver, subscribeHospitals, waitForWebhooks, type WebhookReceiver } from "./webhook-receiver.ts";

/**
 * Issue 8, faults on the whole distributed mesh (see national-distributed.test.ts and e2e/README.md):
 * after each, every claim ends as the manifest says, none priced twice, no event processed twice,
 * each webhook id arrives once, and the dead-letter topic holds only a poison.
 *
 * NATIONAL_KAFKA_OUTAGE_MS: how long Kafka stays down (default 60,000); NATIONAL_KAFKA_PORT: the port
 * of the test's own Kafka (default 19092, controller 19093); NATIONAL_KAFKA_STOP=term stops it
 * gracefully instead of SIGKILL.
 */
const OUTAGE_MS = Number(process.env.NATIONAL_KAFKA_OUTAGE_MS ?? 60_000);
const KAFKA_PORT = Number(process.env.NATIONAL_KAFKA_PORT ?? 19092);
const BATCH_COMPLETED = "gov.my.casemix.batch.completed.v1";

let mesh: NationalMesh | undefined;
let receiver: WebhookReceiver | undefined;
let kafka: KafkaInstance | undefined;
let supervised: SupervisedMesh | undefined;
afterEach(async () => {
  await mesh?.close();
  await supervised?.close();
  supervised = undefined;
  await receiver?.stub.close();
  await receiver?.mygdx?.close();
  await kafka?.close();
  mesh = receiver = kafka = undefined;
});
afterAll(removeGenerated);

/** A mesh with the webhook receiver subscribed for every hospital of a generated month. */
async function meshWithReceiver(tag: string, seed: number, kafkaBrokers?: string): Promise<{ m: NationalMesh; dir: string; manifest: Manifest }> {
  receiver = await startWebhookReceiver();
  const m = (mesh = await startNationalMesh(tag, receiver.env, { kafkaBrokers, quietKafka: Boolean(kafkaBrokers) && !process.env.NATIONAL_KAFKA_LOGS }));
  const { dir, manifest } = await generate(seed);
  await subscribeHospitals(m.procs.get("notify")!.url, await m.issuer.token({ roles: ["admin"] }), receiver, manifest.hospitals, [BATCH_COMPLETED]);
  return { m, dir, manifest };
}

/** The invariants every fault must leave intact, the webhooks among them. */
async function expectIntact(m: MeshView, manifest: Manifest, deadLetters = 0): Promise<void> {
  await waitForWebhooks(receiver!.stub, BATCH_COMPLETED, manifest.files.length);
  const hooks = receivedSummary(receiver!.stub);
  expect(hooks).toEqual({ types: { [BATCH_COMPLETED]: manifest.files.length }, repeatedIds: [], refused: 0 });
  const v = await invariantViolations(m);
  expect(v).toEqual({ twoCurrentPrices: 0, processedTwice: 0, deadLetters });
}

/** Functions whose process is not running (every one must survive a fault it was not killed by). */
function exitedFunctions(m: NationalMesh): string[] {
  return [...m.procs].filter(([, p]) => p.child.exitCode !== null || p.child.signalCode !== null).map(([n]) => n);
}

describe(`faults on the whole mesh distributed (${CLAIMS} claims, ${HOSPITALS} hospitals)`, skipUnless(hasServices, "no DATABASE_URL, KAFKA_BROKERS or S3_ENDPOINT: run under scripts/with-services.sh (or source scripts/services-env.sh)"), () => {
  for (const victim of ["group", "price"]) {
    it(`SIGKILL of ${victim} mid-batch and a restart lose and double nothing`, async () => {
      const { m, dir, manifest } = await meshWithReceiver(`national_kill_${victim}`, 9);
      await runMonth(m, dir, manifest, async () => {
        await sleep(2500);
        const p = m.procs.get(victim)!;
        const exited = new Promise((r) => p.child.once("exit", r));
        p.child.kill("SIGKILL");
        await exited;
        await sleep(2000);
        await m.restart(victim);
      });
      await expectIntact(m, manifest);
      expect(exitedFunctions(m)).toEqual([]);
    }, TIMEOUT_MS + 180_000);
  }

  it("a poison event (a deduplicated chunk whose data is malformed) is dead-lettered alone while the month goes through", async () => {
    const { m, dir, manifest } = await meshWithReceiver("national_poison", 10);
    const poison = { specversion: "1.0", id: "poison-1", source: "/e2e/national", type: "gov.my.casemix.claims.chunk.deduplicated.v1", time: new Date().toISOString(), datacontenttype: "application/json", data: { batchId: 42 } };
    await runMonth(m, dir, manifest, async () => {
      await sleep(1500);
      await m.broker.bus.publish([poison as never]);
    });
    const deadline = Date.now() + 60_000;
    while ((await m.broker.bus.deadLetters()).length === 0 && Date.now() < deadline) await sleep(1000);
    expect((await m.broker.bus.deadLetters()).map((l) => l.event.id)).toEqual(["poison-1"]);
    await expectIntact(m, manifest, 1);
  }, TIMEOUT_MS + 180_000);

  it(`Kafka stopped mid-batch for ${OUTAGE_MS / 1000} s and started again: retries ride it out, nothing dead-lettered, lost or doubled`, async () => {
    kafka = await startKafkaInstance(KAFKA_PORT);
    const { m, dir, manifest } = await meshWithReceiver("national_kafka", 11, kafka.brokers);
    const k = kafka;
    await runMonth(m, dir, manifest, async () => {
      await sleep(3000);
      const t0 = performance.now();
      await k.stop(process.env.NATIONAL_KAFKA_STOP === "term" ? "term" : "kill");
      await sleep(OUTAGE_MS);
      await k.start();
      console.log(`kafka down for ${((performance.now() - t0) / 1000).toFixed(1)} s (stop, ${OUTAGE_MS / 1000} s, start until it answered)`);
    });
    await expectIntact(m, manifest);
    expect(exitedFunctions(m)).toEqual([]);
  }, TIMEOUT_MS + OUTAGE_MS + 300_000);

  it("every PostgreSQL backend of the run's database terminated twice mid-batch: each function survives and the month goes through", async () => {
    const { m, dir, manifest } = await meshWithReceiver("national_pg_drop", 12);
    const db = new URL(m.env.DATABASE_URL!).pathname.slice(1);
    const terminated: number[] = [];
    await runMonth(m, dir, manifest, async () => {
      for (const at of [2000, 4000]) {
        await sleep(at);
        const { rows } = await m.pool.query("SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t", [db]);
        terminated.push(rows[0].n);
      }
    });
    console.log(`backends terminated: ${terminated.join(", ")}`);
    expect(terminated.every((n) => n > 0)).toBe(true);
    expect(exitedFunctions(m)).toEqual([]);
    await expectIntact(m, manifest);
  }, TIMEOUT_MS + 180_000);
});

/**
 * Issue 16.7: the same faults with the mesh as an operator runs it, `casemix mesh` supervising every
 * function: the test kills a function and never restarts it; the mesh must.
 */
describe(`casemix mesh supervising the whole mesh (${CLAIMS} claims, ${HOSPITALS} hospitals)`, skipUnless(hasServices, "no DATABASE_URL, KAFKA_BROKERS or S3_ENDPOINT: run under scripts/with-services.sh (or source scripts/services-env.sh)"), () => {
  it("a SIGKILLed function is restarted by casemix mesh itself, and every claim matches the manifest", async () => {
    receiver = await startWebhookReceiver();
    const m = (supervised = await startSupervisedMesh("national_supervised_kill", receiver.env));
    const { dir, manifest } = await generate(13);
    await subscribeHospitals(m.procs.get("notify")!.url, await m.issuer.token({ roles: ["admin"] }), receiver, manifest.hospitals, [BATCH_COMPLETED]);
    const victim = m.pidOf("group");
    await runMonth(m, dir, manifest, async () => {
      await sleep(2500);
      process.kill(victim, "SIGKILL");
      const restarted = await m.mesh.waitForLog((l) => l.msg === "function restarted" && l.fn === "group", 60_000);
      console.log(`group ${victim} SIGKILLed; casemix mesh restarted it as ${restarted.pid} after ${restarted.afterMs} ms`);
    });
    await expectIntact(m, manifest);
    expect(m.pidOf("group")).not.toBe(victim);
    expect(m.pids().filter((pid) => !isAlive(pid))).toEqual([]);
  }, TIMEOUT_MS + 400_000);

  it("after SIGTERM while a batch is flowing, the mesh and every function are gone within 10 s", async () => {
    const m = (supervised = await startSupervisedMesh("national_supervised_term"));
    const { dir, manifest } = await generate(14);
    const file = manifest.files[0];
    await submitFile(m, dir, file, file.name.replace(/\.csv$/, ""));
    // Flowing: intake has published chunks and a later step has processed some of them.
    const deadline = Date.now() + 120_000;
    while (Number((await m.pool.query("SELECT count(*)::int AS n FROM processed_event")).rows[0].n) === 0 && Date.now() < deadline) await sleep(200);
    const pids = m.pids();
    const t0 = Date.now();
    m.mesh.child.kill("SIGTERM");
    const { code, at } = await m.mesh.exited;
    const gone = Date.now();
    console.log(`casemix mesh exited (code ${code}) ${at - t0} ms after SIGTERM; functions still running then: ${pids.filter(isAlive).length}`);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(gone - t0).toBeLessThan(10_000);
    expect(code).toBe(0);
  }, 600_000);
});
