import { fileURLToPath } from "node:url";
import { afterAll, describe, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { HOSPITAL } from "../late-claims/late-flow.ts";
import { hasServices, startNationalMesh, type NationalMesh } from "../national/mesh.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../national/webhook-receiver.ts";
import { expectAppealsJourney, runAppealsFlow, type AppealsMesh } from "./appeal-flow.ts";

/**
 * Issue 19 distributed: the journey of appeals-embedded.test.ts with every function its own process
 * (run from its bundle) on PostgreSQL, S3 and Redis, events through Kafka, the deadline ticks put on
 * the broker as the PingSource would (bash scripts/with-services.sh npx vitest run --project e2e
 * e2e/src/appeals/appeals-distributed.test.ts).
 */

const SIGNATURES = fileURLToPath(new URL("../../../scripts/clamav/eicar.ndb", import.meta.url));
let mesh: NationalMesh | undefined;
let receiver: WebhookReceiver | undefined;
afterAll(async () => {
  await mesh?.close();
  await receiver?.stub.close();
});

const distributed = (m: NationalMesh): AppealsMesh => ({
  async call(fn, path, init = {}) {
    const roles = init.roles ?? ["admin"];
    const token = await m.issuer.token({ sub: `${roles[0]}-user`, roles, ...(roles.includes("hospital") ? { hospital: HOSPITAL } : {}) });
    const contentType = init.contentType ?? (path.startsWith("/v1/batches?") ? "text/csv" : "application/json");
    const res = await fetch(`${m.procs.get(fn)!.url}${path}`, { method: init.method ?? "GET", body: init.body as BodyInit | undefined, headers: { authorization: `Bearer ${token}`, "content-type": contentType } });
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, body, text };
  },
  async batchCompletedCount(batchId) {
    const { rows } = await m.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1", [batchId]);
    return Number(rows[0].n);
  },
  publish: (event) => m.broker.bus.publish([event]),
  query: async (sql, params) => (await m.pool.query(sql, params as unknown[])).rows as never,
});

describe("appeals on the distributed mesh (Kafka, PostgreSQL, S3)", skipUnless(hasServices, "no DATABASE_URL, KAFKA_BROKERS or S3_ENDPOINT: run under scripts/with-services.sh (or source scripts/services-env.sh)"), () => {
  it("filed with evidence, reviewed, decided (upheld, overturned, partly), applied through the pipeline (an adjustment run for the closed period), withdrawn, escalated and closed by deadline, each move one webhook", async () => {
    receiver = await startWebhookReceiver();
    mesh = await startNationalMesh("appeals", { ...receiver.env, APPEALS_CLAMAV_DB: SIGNATURES });
    const result = await runAppealsFlow(distributed(mesh), receiver, 180_000);
    console.log("appeals (distributed):", JSON.stringify({ applied: { a: result.applied.a.after, c: result.applied.c.after }, adjustment: { runId: result.adjustment.runId, deltaSen: result.adjustment.deltaSen }, webhooks: result.received.length }));
    expectAppealsJourney(result);
  }, 600_000);
});
