import { exportJWK, generateKeyPair } from "jose";
import { createDeliverer, type Deliverer } from "../src/deliverer.ts";
import { OUTCOME_EVENT_TYPES } from "../src/event-types.ts";
import { createMemoryKeyring, type Keyring } from "../src/keyring.ts";
import { generateEd25519Secret, generateHmacSecret } from "../src/keys.ts";
import { createMemoryAttemptLog, createMemoryDeadLetterStore, createMemorySubscriptionStore } from "../src/memory-stores.ts";
import { createNotifier, type Notifier } from "../src/notifier.ts";
import type { AttemptLog, DeadLetterStore, Subscription, SubscriptionStore } from "../src/ports.ts";
import type { RetryPolicy } from "../src/retry-policy.ts";
import { createTargetResolver, type TargetResolver } from "../src/targets.ts";
import { startReceiverStub, type ReceiverStub, type ReceiverStubOptions } from "./mygdx-stub.ts";
import type { TestPki } from "./pki.ts";

/** Everything a loopback test of notify needs, wired like the `notify` function will wire it. */
export type Harness = {
  stub: ReceiverStub;
  subscription: Subscription;
  subscriptions: SubscriptionStore;
  attempts: AttemptLog & { all(): import("../src/ports.ts").AttemptRecord[] };
  deadLetters: DeadLetterStore;
  keyring: Keyring;
  targets: TargetResolver;
  deliverer: Deliverer;
  notifier: Notifier;
  /** The receiver's view of the keys: the HMAC secret it was given. */
  hmacSecret: string;
  close(): Promise<void>;
};

/** Options of {@link startHarness}. */
export type HarnessOptions = {
  pki: TestPki;
  policy: RetryPolicy;
  /** Use the rogue client certificate (signed by a CA the receiver does not trust). */
  rogueClientCert?: boolean;
  respond?: ReceiverStubOptions["respond"];
  concurrency?: number;
  /** Send to this origin (issuer and `/webhooks`) instead of the stub, e.g. an openssl s_server. */
  targetOrigin?: string;
};

/**
 * Starts a MyGDX-like receiver (mutual TLS, OIDC issuer checking private_key_jwt assertions) and
 * a notifier with one MyGDX subscription signed by an HMAC key and an Ed25519 key.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { pki } = options;
  const client = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(client.publicKey)), kid: "notify-1", alg: "ES256", use: "sig" };
  const hmacSecret = generateHmacSecret();
  const ed = generateEd25519Secret();
  const keyring = createMemoryKeyring([
    { id: "key_hmac", secret: hmacSecret, status: "active" },
    { id: "key_ed", secret: ed.secret, status: "active" },
  ]);
  const stub = await startReceiverStub({
    pki, mutualTls: true, verifier: { secrets: [hmacSecret] }, respond: options.respond,
    oidcClient: { clientId: "casemix-notify", jwks: { keys: [publicJwk] } },
  });
  const subscriptions = createMemorySubscriptionStore();
  const created = await subscriptions.create({ role: "operator" }, {
    target: "mygdx", hospitalCode: null, url: options.targetOrigin ? `${options.targetOrigin}/webhooks` : stub.webhookUrl,
    eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted, OUTCOME_EVENT_TYPES.periodPriced],
    auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: ["key_hmac", "key_ed"],
  });
  if (!created.ok) throw new Error(created.error.message);
  const targets = createTargetResolver({
    credentials: [{
      id: "mygdx", clientId: "casemix-notify", privateKey: client.privateKey, alg: "ES256", kid: "notify-1", issuer: options.targetOrigin ?? stub.url,
      tls: options.rogueClientCert
        ? { cert: pki.rogueClientCert, key: pki.rogueClientKey, ca: pki.caCert }
        : { cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert },
    }],
    hospitalTls: { ca: pki.caCert },
  });
  const attempts = createMemoryAttemptLog();
  const deadLetters = createMemoryDeadLetterStore();
  const deliverer = createDeliverer({ subscriptions, attempts, deadLetters, keyring, targets, policy: options.policy, concurrency: options.concurrency ?? 16 });
  const notifier = createNotifier({ subscriptions, attempts, deliverer, publicBaseUrl: "https://casemix.test/api/v1" });
  return {
    stub, subscription: created.value, subscriptions, attempts, deadLetters, keyring, targets, deliverer, notifier, hmacSecret,
    async close() {
      targets.close();
      await stub.close();
    },
  };
}

/** A `batch.completed` event (per the event contract) for hospital H001; the id varies so each is a new delivery. */
export function batchCompletedEvent(n: number) {
  return {
    specversion: "1.0" as const, id: `evt_batch_${n}`, source: "/casemix/flag-outlier", type: OUTCOME_EVENT_TYPES.batchCompleted,
    time: "2027-02-01T01:00:00Z", partitionkey: "H001", subject: `bat_${n}`,
    data: {
      batchId: `bat_${n}`, hospitalCode: "H001", chunkCount: 1, totalSen: "123456789",
      counts: { received: 1000, rejected: 10, duplicate: 0, superseded: 0, ungroupable: 0, final: 990, underReview: 0 },
    },
  };
}
