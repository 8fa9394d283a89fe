import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { routes } from "@casemix/events";
import { createLogger, createTestPlatform, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { generateHmacSecret, OUTCOME_EVENT_TYPES } from "@casemix/webhooks";
import { startReceiverStub, type ReceiverStub } from "@casemix/webhooks/test-support/mygdx-stub.ts";
import { createTestPki, hasOpenssl, OPENSSL_ABSENT } from "@casemix/webhooks/test-support/pki.ts";
import { batchCompleted, waitFor } from "../test-support/notify-harness.ts";
import notifyModule from "./function.ts";

// The default module as the mesh loads it: configured only by variables (signing key, hospital CA),
// a subscription made over REST, an outcome event published on the bus, the audit event relayed.

describe("notify in the embedded mesh", skipUnless(hasOpenssl(), OPENSSL_ABSENT), () => {
  let issuer: TestIssuer;
  let mesh: EmbeddedMesh;
  let hospital: ReceiverStub;
  const secret = generateHmacSecret();

  beforeAll(async () => {
    const pki = createTestPki();
    const dir = mkdtempSync(join(tmpdir(), "notify-mesh-"));
    writeFileSync(join(dir, "ca.pem"), pki.caCert);
    hospital = await startReceiverStub({ pki, mutualTls: false, verifier: { secrets: [secret] } });
    issuer = await startTestIssuer();
    const platform = await createTestPlatform({
      verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }),
      source: { WEBHOOK_SIGNING_KEYS: `key_h001=${secret}`, HOSPITAL_CA_FILE: join(dir, "ca.pem"), NOTIFY_SWEEP_INTERVAL_MS: "50" },
    });
    mesh = await startEmbeddedMesh({
      modules: [notifyModule], env: platform.env, platform, log: createLogger({ level: "silent" }), routes: routes.filter((r) => r.subscriber === "notify"),
    });
  });
  afterAll(async () => {
    await mesh?.close();
    await hospital?.close();
    await issuer?.close();
  });

  it("a hospital's subscription made over REST gets its batch.completed, signed, and notify records notification.delivered", async () => {
    const res = await mesh.app.request("/v1/webhooks/subscriptions", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await issuer.token({ roles: ["hospital"], hospital: "H001" })}` },
      body: JSON.stringify({ target: "hospital", hospitalCode: "H001", url: hospital.webhookUrl, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted], signingKeyIds: ["key_h001"] }),
    });
    expect(res.status).toBe(201);
    await mesh.bus.publish([batchCompleted(1)]);
    await waitFor(() => hospital.received.length === 1);
    expect(JSON.parse(hospital.received[0]!.body).data.batchId).toBe("bat_1");
    const db = mesh.platform.db;
    await waitFor(async () => (await db.query("SELECT 1 FROM outbox WHERE event->>'type' = 'gov.my.casemix.notification.delivered.v1'")).rows.length === 1);
    await mesh.idle();
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");
    expect(rows[0]!.n).toBe(0);
  });
});
