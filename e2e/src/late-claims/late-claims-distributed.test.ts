import { afterAll, describe, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { hasServices, startNationalMesh, type NationalMesh } from "../national/mesh.ts";
import { CHUNK_SIZE, expectLateClaimsEnded, HOSPITAL, runLateFlow, type LateMesh } from "./late-flow.ts";

/**
 * Issue 16.1 distributed: the same flow as late-claims-embedded.test.ts with every function its own
 * process on PostgreSQL, S3 and Redis, events through Kafka (bash scripts/with-services.sh npx vitest
 * run --project e2e e2e/src/late-claims/late-claims-distributed.test.ts).
 */

let mesh: NationalMesh | undefined;
afterAll(async () => await mesh?.close());

const distributed = (m: NationalMesh): LateMesh => ({
  async call(fn, path, init = {}) {
    const roles = init.roles ?? ["admin"];
    const token = await m.issuer.token({ roles, ...(roles.includes("hospital") ? { hospital: HOSPITAL } : {}) });
    const headers = { authorization: `Bearer ${token}`, "content-type": path.startsWith("/v1/batches?") ? "text/csv" : "application/json" };
    const res = await fetch(`${m.procs.get(fn)!.url}${path}`, { method: init.method ?? "GET", body: init.body, headers });
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, body, text };
  },
  async batchCompletedCount(batchId) {
    const { rows } = await m.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1",
      [batchId],
    );
    return Number(rows[0].n);
  },
});

describe("late claims on the distributed mesh (Kafka, PostgreSQL, S3)", skipUnless(hasServices, "no DATABASE_URL, KAFKA_BROKERS or S3_ENDPOINT: run under scripts/with-services.sh (or source scripts/services-env.sh)"), () => {
  it("new late claims, corrections of paid claims and open-period claims in one batch all end, the batch completes once, and an unchanged re-close reads back", async () => {
    mesh = await startNationalMesh("late_claims", { INTAKE_CHUNK_SIZE: CHUNK_SIZE });
    const result = await runLateFlow(distributed(mesh), 120_000);
    console.log("late batch (distributed):", JSON.stringify({ counts: result.lateStatus.counts, adjustmentRuns: result.lateStatus.adjustmentRuns, reclose: result.reclose }));
    expectLateClaimsEnded(result);
  }, 600_000);
});
