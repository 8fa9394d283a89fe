import { writeFileSync, mkdtempSync } from "node:fs";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHmacSecret } from "@casemix/webhooks";
import { createTestPki } from "../../../shared/webhooks/test-support/pki.ts";
import { startReceiverStub, type ReceiverStub } from "../../../shared/webhooks/test-support/mygdx-stub.ts";

/**
 * A loopback HTTPS hospital receiver (the webhooks test stub) and what notify needs to reach it:
 * HOSPITAL_CA_FILE (the test CA) and WEBHOOK_SIGNING_KEYS (the HMAC key the receiver verifies with).
 * With `mygdx`, also a MyGDX stand-in for the ministry's period events: mutual TLS with the test
 * client certificate, bearer tokens from its own token endpoint for notify's private_key_jwt
 * assertion (the MYGDX_* variables notify reads).
 */
export async function startWebhookReceiver({ mygdx = false } = {}): Promise<{ stub: ReceiverStub; mygdx?: ReceiverStub; env: Record<string, string>; keyId: string }> {
  const pki = createTestPki();
  const secret = generateHmacSecret();
  const stub = await startReceiverStub({ pki, mutualTls: false, verifier: { secrets: [secret] } });
  const dir = mkdtempSync(join(tmpdir(), "national-ca-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const env: Record<string, string> = { HOSPITAL_CA_FILE: file("ca.pem", pki.caCert), WEBHOOK_SIGNING_KEYS: `key_e2e=${secret}` };
  if (!mygdx) return { stub, keyId: "key_e2e", env };
  const client = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(client.publicKey)), kid: "notify-e2e", alg: "ES256", use: "sig" };
  const ministry = await startReceiverStub({ pki, mutualTls: true, verifier: { secrets: [secret] }, oidcClient: { clientId: "casemix-notify", jwks: { keys: [jwk] } } });
  Object.assign(env, {
    MYGDX_CLIENT_ID: "casemix-notify", MYGDX_ISSUER: ministry.url, MYGDX_ASSERTION_ALG: "ES256", MYGDX_ASSERTION_KID: "notify-e2e",
    MYGDX_PRIVATE_KEY_FILE: file("mygdx-assertion.pem", await exportPKCS8(client.privateKey)),
    MYGDX_CLIENT_CERT_FILE: file("client.crt", pki.clientCert), MYGDX_CLIENT_KEY_FILE: file("client.key", pki.clientKey), MYGDX_CA_FILE: file("mygdx-ca.pem", pki.caCert),
  });
  return { stub, mygdx: ministry, keyId: "key_e2e", env };
}

/** Subscribes the MyGDX stand-in, as an operator (admin token), for the given period-level events. */
export async function subscribeMygdx(notifyUrl: string, adminToken: string, receiver: WebhookReceiver, eventTypes: readonly string[]): Promise<void> {
  const sub = await fetch(`${notifyUrl}/v1/webhooks/subscriptions`, {
    method: "POST", headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ target: "mygdx", url: `${receiver.mygdx!.url}/webhooks`, eventTypes, auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: [receiver.keyId] }),
  });
  if (sub.status !== 201) throw new Error(`MyGDX subscription refused: ${sub.status} ${await sub.text()}`);
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** Subscribes the receiver, through notify's REST API, for every hospital of the month. */
export async function subscribeHospitals(notifyUrl: string, adminToken: string, receiver: WebhookReceiver, hospitals: readonly { code: string }[], eventTypes: readonly string[]): Promise<void> {
  for (const h of hospitals) {
    const sub = await fetch(`${notifyUrl}/v1/webhooks/subscriptions`, {
      method: "POST", headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ target: "hospital", hospitalCode: h.code, url: `${receiver.stub.url}/webhooks`, eventTypes, auth: { kind: "none" }, signingKeyIds: [receiver.keyId] }),
    });
    if (sub.status !== 201) throw new Error(`subscription for ${h.code} refused: ${sub.status} ${await sub.text()}`);
  }
}

/** The CloudEvent type of each webhook received, counted, and the webhook ids received more than once. */
export function receivedSummary(stub: ReceiverStub): { types: Record<string, number>; repeatedIds: string[]; refused: number } {
  const types: Record<string, number> = {};
  const seen = new Set<string>();
  const repeatedIds: string[] = [];
  for (const r of stub.received) {
    const type = (JSON.parse(r.body) as { type?: string }).type ?? "";
    types[type] = (types[type] ?? 0) + 1;
    if (seen.has(r.webhookId)) repeatedIds.push(r.webhookId);
    seen.add(r.webhookId);
  }
  return { types, repeatedIds, refused: stub.refused.length };
}

/** Waits until `count` webhooks of `type` arrived (notify delivers after the batch completes), then a little longer for strays. */
export async function waitForWebhooks(stub: ReceiverStub, type: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((receivedSummary(stub).types[type] ?? 0) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 2000));
}
