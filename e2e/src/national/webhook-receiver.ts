import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHmacSecret } from "@casemix/webhooks";
import { createTestPki } from "../../../shared/webhooks/test-support/pki.ts";
import { startReceiverStub, type ReceiverStub } from "../../../shared/webhooks/test-support/mygdx-stub.ts";

/**
 * A loopback HTTPS hospital receiver (the webhooks test stub) and what notify needs to reach it:
 * HOSPITAL_CA_FILE (the test CA) and WEBHOOK_SIGNING_KEYS (the HMAC key the receiver verifies with).
 */
export async function startWebhookReceiver(): Promise<{ stub: ReceiverStub; env: Record<string, string>; keyId: string }> {
  const pki = createTestPki();
  const secret = generateHmacSecret();
  const stub = await startReceiverStub({ pki, mutualTls: false, verifier: { secrets: [secret] } });
  const ca = join(mkdtempSync(join(tmpdir(), "national-ca-")), "ca.pem");
  writeFileSync(ca, pki.caCert);
  return { stub, keyId: "key_e2e", env: { HOSPITAL_CA_FILE: ca, WEBHOOK_SIGNING_KEYS: `key_e2e=${secret}` } };
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
export function receivedSummary(receiver: WebhookReceiver): { types: Record<string, number>; repeatedIds: string[]; refused: number } {
  const types: Record<string, number> = {};
  const seen = new Set<string>();
  const repeatedIds: string[] = [];
  for (const r of receiver.stub.received) {
    const type = (JSON.parse(r.body) as { type?: string }).type ?? "";
    types[type] = (types[type] ?? 0) + 1;
    if (seen.has(r.webhookId)) repeatedIds.push(r.webhookId);
    seen.add(r.webhookId);
  }
  return { types, repeatedIds, refused: receiver.stub.refused.length };
}

/** Waits until `count` webhooks of `type` arrived (notify delivers after the batch completes), then a little longer for strays. */
export async function waitForWebhooks(receiver: WebhookReceiver, type: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((receivedSummary(receiver).types[type] ?? 0) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 2000));
}
