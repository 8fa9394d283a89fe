import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { testPlatform } from "../intake-flow-helpers.ts";
import { HOSPITAL } from "../late-claims/late-flow.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../national/webhook-receiver.ts";
import { expectAppealsJourney, runAppealsFlow, type AppealsMesh } from "./appeal-flow.ts";

/**
 * Issue 19 on the embedded mesh (PGlite, folder store, in-process bus, every function): the appeals
 * journey of appeal-flow.ts, webhooks to a loopback HTTPS receiver, evidence scanned by ClamAV against
 * the project's EICAR signature (scripts/clamav).
 */
const SIGNATURES = fileURLToPath(new URL("../../../scripts/clamav/eicar.ndb", import.meta.url));
let issuer: TestIssuer;
let mesh: EmbeddedMesh;
let receiver: WebhookReceiver;

beforeAll(async () => {
  issuer = await startTestIssuer();
  receiver = await startWebhookReceiver();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  platform.source = { ...receiver.env, APPEALS_CLAMAV_DB: SIGNATURES, PATIENT_PSEUDONYM_KEY: "k".repeat(40) };
  mesh = await startEmbeddedMesh({ modules: await loadFunctionModules(), env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
});
afterAll(async () => {
  await mesh?.close();
  await receiver?.stub.close();
  await issuer?.close();
});

const embedded = (): AppealsMesh => ({
  async call(_fn, path, init = {}) {
    const roles = init.roles ?? ["admin"];
    const token = await issuer.token({ sub: `${roles[0]}-user`, roles, ...(roles.includes("hospital") ? { hospital: HOSPITAL } : {}) });
    const contentType = init.contentType ?? (path.startsWith("/v1/batches?") ? "text/csv" : "application/json");
    const res = await mesh.app.request(path, { method: init.method ?? "GET", body: init.body as BodyInit | undefined, headers: { authorization: `Bearer ${token}`, "content-type": contentType } });
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, body, text };
  },
  async batchCompletedCount(batchId) {
    const { rows } = await mesh.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1", [batchId]);
    return Number(rows[0].n);
  },
  publish: (event) => mesh.bus.publish([event]),
  query: async (sql, params) => (await mesh.platform.db.query(sql, params as unknown[])).rows as never,
});

describe("appeals on the embedded mesh", () => {
  it("filed with evidence, reviewed, decided (upheld, overturned, partly), applied through the pipeline (an adjustment run for the closed period), withdrawn, escalated and closed by deadline, each move one webhook", async () => {
    const result = await runAppealsFlow(embedded(), receiver, 120_000);
    console.log("appeals (embedded):", JSON.stringify({ applied: { a: result.applied.a.after, c: result.applied.c.after }, before: { a: result.applied.a.before, c: result.applied.c.before }, adjustment: { runId: result.adjustment.runId, deltaSen: result.adjustment.deltaSen }, webhooks: result.received.length }));
    expectAppealsJourney(result);

    // Issue 16.9: every link of every appeal webhook the hospital received answers 200 to that hospital.
    const failed: string[] = [];
    let followed = 0;
    const token = await issuer.token({ sub: "links-hospital", roles: ["hospital-finance"], hospital: HOSPITAL });
    for (const r of receiver.stub.received) {
      const body = JSON.parse(r.body) as { type: string; data: { links?: Record<string, string> } };
      for (const [name, url] of Object.entries(body.data.links ?? {})) {
        const path = new URL(url).pathname.replace(/^.*?(?=\/v1\/)/, "");
        const res = await mesh.app.request(path, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status === 200) followed += 1;
        else failed.push(`${body.type} ${name} ${path}: ${res.status}`);
      }
    }
    console.log(`appeal webhook links: ${followed} followed with 200 as the hospital`);
    expect(failed).toEqual([]);
    expect(followed).toBeGreaterThanOrEqual(result.received.length);
  }, 300_000);
});
