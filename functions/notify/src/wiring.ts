import { readFile } from "node:fs/promises";
import { importPKCS8 } from "jose";
import type { Platform } from "@casemix/runtime";
import { developmentMasterKeys, type MasterKeys } from "@casemix/storage";
import {
  createAttemptRunner, createSqlAttemptLog, createSqlDeadLetterStore, createSqlKeyring, createSqlSubscriptionStore, createSweeper,
  createTargetResolver, DEV_WEBHOOK_MASTER_KEY_LABEL, generateEd25519Secret, importSigningKey, unusableSigningKeys, WebhookConfigError, webhookError, type AttemptLog, type DeadLetterStore, type HttpTransport, type Keyring, type RetryPolicy,
  type SigningKeyRecord, type SubscriptionStore, type Sweeper, type TargetCredentials, type TargetResolver,
} from "@casemix/webhooks";
import type { NotifyEnv } from "./env.ts";

/** Parts a test or the benchmark may supply instead of the env's (e.g. loopback PKI and a fast policy). */
export type NotifyOverrides = {
  targets?: TargetResolver;
  /** Keys imported at start, as WEBHOOK_SIGNING_KEYS would (added active when absent). */
  signingKeys?: readonly SigningKeyRecord[];
  policy?: RetryPolicy;
  transport?: HttpTransport;
  now?: () => number;
  random?: () => number;
  sweepIntervalMs?: number;
  /** Lease owner id of this replica's sweeper. */
  owner?: string;
};

/** Everything notify's handler, routes and sweeper share. */
export type NotifyDeps = {
  platform: Platform;
  env: NotifyEnv;
  subscriptions: SubscriptionStore;
  attempts: AttemptLog;
  deadLetters: DeadLetterStore;
  keyring: Keyring;
  targets: TargetResolver;
  sweeper: Sweeper;
  /** Names of the configured target credentials (a MyGDX subscription must name one). */
  credentialIds: readonly string[];
  masterKeys: MasterKeys;
};

/** Id of the key the embedded default creates when there is none. */
export const DEV_SIGNING_KEY_ID = "key_dev_ed25519";

/**
 * The keyring at start: imports the env's keys, creates a development key on the embedded default
 * when the table has none (with a warning, as intake does for the pseudonym key), and refuses to
 * start while a key that should sign has no usable secret (E_SIGNING_KEY_UNAVAILABLE).
 */
async function startKeyring(platform: Platform, env: NotifyEnv, masterKeys: MasterKeys, keyring: Keyring, overrides: NotifyOverrides): Promise<void> {
  const { db } = platform;
  for (const k of overrides.signingKeys ?? env.WEBHOOK_SIGNING_KEYS ?? []) await importSigningKey(db, masterKeys, keyring, k);
  if (!env.DATABASE_URL && (await keyring.list()).length === 0) {
    await keyring.add({ id: DEV_SIGNING_KEY_ID, secret: generateEd25519Secret().secret, status: "active" });
    platform.log.warn(`no webhook signing keys: created the development key ${DEV_SIGNING_KEY_ID} (Ed25519, in the JWKS); never use it with real receivers`);
  }
  const unusable = await unusableSigningKeys(db, masterKeys, (overrides.now ?? Date.now)());
  if (unusable.length > 0) {
    throw new WebhookConfigError(webhookError("E_SIGNING_KEY_UNAVAILABLE",
      `signing key ${unusable.join(", ")} is active but its secret is missing or does not open with WEBHOOK_MASTER_KEYS: notify will not start and send deliveries it cannot sign (give the secret in WEBHOOK_SIGNING_KEYS, configure the master key, or revoke it: casemix webhooks keys revoke <id>)`));
  }
  if ((await keyring.list()).every((k) => k.status !== "active")) platform.log.warn("no active webhook signing key: deliveries fail with E_NO_SIGNING_KEY until one is activated (casemix webhooks keys add/activate)");
}

/** The retry policy from the env. */
export function policyOf(env: NotifyEnv): RetryPolicy {
  return {
    maxAttempts: env.NOTIFY_MAX_ATTEMPTS, baseDelayMs: env.NOTIFY_BASE_DELAY_MS, maxDelayMs: env.NOTIFY_MAX_DELAY_MS,
    maxRetryAfterMs: env.NOTIFY_MAX_RETRY_AFTER_MS, attemptTimeoutMs: env.NOTIFY_ATTEMPT_TIMEOUT_MS,
  };
}

/** The MyGDX client from the env (files read once at start), or none. */
export async function mygdxCredentials(env: NotifyEnv): Promise<TargetCredentials[]> {
  if (!env.MYGDX_CLIENT_ID) return [];
  const read = (path: string | undefined) => (path ? readFile(path, "utf8") : Promise.resolve(undefined));
  const [pkcs8, cert, key, ca] = await Promise.all([read(env.MYGDX_PRIVATE_KEY_FILE), read(env.MYGDX_CLIENT_CERT_FILE), read(env.MYGDX_CLIENT_KEY_FILE), read(env.MYGDX_CA_FILE)]);
  return [{
    id: "mygdx", clientId: env.MYGDX_CLIENT_ID, privateKey: await importPKCS8(pkcs8!, env.MYGDX_ASSERTION_ALG), alg: env.MYGDX_ASSERTION_ALG,
    ...(env.MYGDX_ASSERTION_KID ? { kid: env.MYGDX_ASSERTION_KID } : {}), ...(env.MYGDX_ISSUER ? { issuer: env.MYGDX_ISSUER } : {}),
    ...(env.MYGDX_TOKEN_ENDPOINT ? { tokenEndpoint: env.MYGDX_TOKEN_ENDPOINT } : {}), ...(env.MYGDX_SCOPE ? { scope: env.MYGDX_SCOPE } : {}),
    tls: { cert: cert!, key: key!, ...(ca ? { ca } : {}) },
  }];
}

/**
 * Creates notify's ports on the platform's database: SQL stores, the keyring (secrets from the env,
 * ids and public keys registered in the table), the targets, and the sweeper (started here).
 */
export async function wireNotify(platform: Platform, env: NotifyEnv, overrides: NotifyOverrides = {}): Promise<NotifyDeps> {
  const { db } = platform;
  const policy = overrides.policy ?? policyOf(env);
  const subscriptions = createSqlSubscriptionStore(db);
  if (!env.WEBHOOK_MASTER_KEYS) platform.log.warn("WEBHOOK_MASTER_KEYS is not set: signing key secrets are sealed with the development master key (never with real receivers)");
  const masterKeys = env.WEBHOOK_MASTER_KEYS ?? developmentMasterKeys(DEV_WEBHOOK_MASTER_KEY_LABEL);
  const keyring = createSqlKeyring(db, { masterKeys, ...(overrides.now ? { now: overrides.now } : {}) });
  await startKeyring(platform, env, masterKeys, keyring, overrides);
  const credentials = overrides.targets ? [] : await mygdxCredentials(env);
  const hospitalCa = overrides.targets || !env.HOSPITAL_CA_FILE ? undefined : await readFile(env.HOSPITAL_CA_FILE, "utf8");
  const targets = overrides.targets ?? createTargetResolver({ credentials, ...(hospitalCa ? { hospitalTls: { ca: hospitalCa } } : {}) });
  const clock = overrides.now ? { now: overrides.now } : {};
  const runner = createAttemptRunner({
    subscriptions, keyring, targets, policy, concurrency: env.NOTIFY_CONCURRENCY, ...clock,
    ...(overrides.transport ? { transport: overrides.transport } : {}), ...(overrides.random ? { random: overrides.random } : {}),
  });
  const sweeper = createSweeper({
    db, runner, policy, maxInFlight: env.NOTIFY_CONCURRENCY * 2, emitEvents: env.NOTIFY_EMIT_EVENTS, intervalMs: overrides.sweepIntervalMs ?? env.NOTIFY_SWEEP_INTERVAL_MS, ...clock,
    ...(overrides.owner ? { owner: overrides.owner } : {}),
    onError: (error) => platform.log.error("webhook sweeper failed; will retry", { error: (error as Error).message }),
  });
  return {
    platform, env, subscriptions, attempts: createSqlAttemptLog(db), deadLetters: createSqlDeadLetterStore(db), keyring, targets, sweeper,
    credentialIds: overrides.targets ? ["mygdx"] : credentials.map((c) => c.id), masterKeys,
  };
}
