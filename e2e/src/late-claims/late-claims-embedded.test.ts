import { afterAll, beforeAll, describe, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import { testPlatform } from "../intake-flow-helpers.ts";
import { CHUNK_SIZE, expectLateClaimsEnded, HOSPITAL, runLateFlow, type LateMesh } from "./late-flow.ts";

/**
 * Issue 16.1 on the embedded mesh (PGlite, folder store, in-process bus, every function): late claims
 * of a closed period, corrections of claims it paid and open-period claims in one batch all end, with
 * their adjustment run recorded; `casemix submit --wait`'s logic returns; a re-close that changes
 * nothing answers a run id that reads back.
 */
let issuer: TestIssuer;
let mesh: EmbeddedMesh;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  const others = (await loadFunctionModules()).filter((m) => m.name !== "intake");
  const intake = createIntakeModule({ env: loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40), INTAKE_CHUNK_SIZE: CHUNK_SIZE }) });
  mesh = await startEmbeddedMesh({ modules: [intake, ...others], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

const embedded = (): LateMesh => ({
  async call(_fn, path, init = {}) {
    const roles = init.roles ?? ["admin"];
    const token = await issuer.token({ roles, ...(roles.includes("hospital") ? { hospital: HOSPITAL } : {}) });
    const headers = { authorization: `Bearer ${token}`, "content-type": path.startsWith("/v1/batches?") ? "text/csv" : "application/json" };
    const res = await mesh.app.request(path, { method: init.method ?? "GET", body: init.body, headers });
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, body, text };
  },
  async batchCompletedCount(batchId) {
    const { rows } = await mesh.platform.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1",
      [batchId],
    );
    return Number(rows[0].n);
  },
});

describe("late claims on the embedded mesh", () => {
  it("new late claims, corrections of paid claims and open-period claims in one batch all end, the batch completes once, and an unchanged re-close reads back", async () => {
    const result = await runLateFlow(embedded(), 120_000);
    console.log("late batch (embedded):", JSON.stringify({ counts: result.lateStatus.counts, adjustmentRuns: result.lateStatus.adjustmentRuns, reclose: result.reclose }));
    expectLateClaimsEnded(result);
  }, 300_000);
});
