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
