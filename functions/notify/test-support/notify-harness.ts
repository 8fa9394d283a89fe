import { exportJWK, generateKeyPair } from "jose";
import type { CasemixEvent } from "@casemix/events";
import { createEventProcessor, validateEventData, type EventProcessor, type FunctionInstance, type Platform } from "@casemix/runtime";
import {
  createSqlAttemptLog, createSqlDeadLetterStore, createSqlSubscriptionStore, createTargetResolver, generateEd25519Secret, generateHmacSecret,
  OUTCOME_EVENT_TYPES, type AttemptLog, type DeadLetterStore, type RetryPolicy, type Subscription, type TargetResolver,
} from "@casemix/webhooks";
import { startReceiverStub, type ReceiverStub, type ReceiverStubOptions } from "@casemix/webhooks/test-support/mygdx-stub.ts";
import type { TestPki } from "@casemix/webhooks/test-support/pki.ts";
import { loadNotifyEnv } from "../src/env.ts";
import { createNotifyModule } from "../src/function.ts";

/** The notify function on a platform, a MyGDX-like receiver, and one MyGDX subscription. */
export type NotifyHarness = {
  platform: Platform;
  stub: ReceiverStub;
  subscription: Subscription;
  targets: TargetResolver;
  attempts: AttemptLog;
  deadLetters: DeadLetterStore;
  instance: FunctionInstance;
  /** Hands an event to the function as the broker would (idempotency, write, commit). */
  process(event: CasemixEvent): ReturnType<EventProcessor["process"]>;
  /** Stops this replica (sweeper included) and starts a new one on the same database. */
  restart(): Promise<void>;
  /** Starts another replica of the function on the same database (closed with the harness). */
  replica(): Promise<{ process: EventProcessor["process"] }>;
  hmacSecret: string;
  close(): Promise<void>;
};

/** Options of {@link startNotifyHarness}. */
export type NotifyHarnessOptions = {
  pki: TestPki;
  platform: Platform;
  policy: RetryPolicy;
  respond?: ReceiverStubOptions["respond"];
  rogueClientCert?: boolean;
  /** Send to this origin (issuer and `/webhooks`) instead of the stub, e.g. an openssl s_server. */
  targetOrigin?: string;
  concurrency?: number;
  sweepIntervalMs?: number;
};

/**
 * Wires the notify FUNCTION as the runtime does (createNotifyModule -> create(platform) -> event
 * processor) against a loopback receiver demanding a client certificate, whose token endpoint checks
 * the private_key_jwt assertion. The MyGDX subscription is signed with an HMAC and an Ed25519 key.
 */
export async function startNotifyHarness(options: NotifyHarnessOptions): Promise<NotifyHarness> {
  const { pki, platform } = options;
  const client = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(client.publicKey)), kid: "notify-1", alg: "ES256", use: "sig" };
  const hmacSecret = generateHmacSecret();
  const ed = generateEd25519Secret();
  const stub = await startReceiverStub({
    pki, mutualTls: true, verifier: { secrets: [hmacSecret] }, respond: options.respond,
    oidcClient: { clientId: "casemix-notify", jwks: { keys: [publicJwk] } },
  });
  const origin = options.targetOrigin ?? stub.url;
  const targets = createTargetResolver({
    credentials: [{
      id: "mygdx", clientId: "casemix-notify", privateKey: client.privateKey, alg: "ES256", kid: "notify-1", issuer: origin,
      tls: options.rogueClientCert ? { cert: pki.rogueClientCert, key: pki.rogueClientKey, ca: pki.caCert } : { cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert },
    }],
    hospitalTls: { ca: pki.caCert },
  });
  const env = loadNotifyEnv({ NOTIFY_CONCURRENCY: String(options.concurrency ?? 16) });
  let replicas = 0;
  const module = () => createNotifyModule({
    env, targets, policy: options.policy, sweepIntervalMs: options.sweepIntervalMs ?? 50, owner: `replica_${++replicas}`,
    signingKeys: [{ id: "key_hmac", secret: hmacSecret, status: "active" }, { id: "key_ed", secret: ed.secret, status: "active" }],
  });
  const start = async () => {
    const instance = await module().create(platform);
    const processor = createEventProcessor({ fn: instance.fn!, db: platform.db, deps: {}, log: platform.log, validateData: validateEventData });
    return { instance, process: processor.process };
  };
  let current = await start();
  const extra: FunctionInstance[] = [];
  const subscriptions = createSqlSubscriptionStore(platform.db);
  const created = await subscriptions.create({ role: "operator" }, {
    target: "mygdx", hospitalCode: null, url: `${origin}/webhooks`, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted, OUTCOME_EVENT_TYPES.periodPriced],
    auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: ["key_hmac", "key_ed"],
  });
  if (!created.ok) throw new Error(created.error.message);
  const h: NotifyHarness = {
    platform, stub, subscription: created.value, targets, hmacSecret, instance: current.instance,
    attempts: createSqlAttemptLog(platform.db), deadLetters: createSqlDeadLetterStore(platform.db),
    process: (event) => current.process(event),
    async restart() {
      await current.instance.close?.();
      current = await start();
      h.instance = current.instance;
    },
    async replica() {
      const r = await start();
      extra.push(r.instance);
      return { process: r.process };
    },
    async close() {
      for (const i of [current.instance, ...extra]) await i.close?.();
      targets.close();
      await stub.close();
    },
  };
  return h;
}

/** Polls `check` until it holds (or fails after `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A `batch.completed` event for hospital H001, with a fresh id per `n`. */
export function batchCompleted(n: number, time = "2027-02-01T01:00:00Z"): CasemixEvent {
  return {
    specversion: "1.0", id: `evt_batch_${n}`, source: "/casemix/flag-outlier", type: OUTCOME_EVENT_TYPES.batchCompleted,
    time, partitionkey: "H001", subject: `bat_${n}`,
    data: {
      batchId: `bat_${n}`, hospitalCode: "H001", chunkCount: 1, totalSen: "123456789",
      counts: { received: 1000, rejected: 10, duplicate: 0, superseded: 0, ungroupable: 0, final: 990, underReview: 0 },
    },
  };
}
