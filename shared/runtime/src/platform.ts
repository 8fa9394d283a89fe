import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTokenVerifier, type TokenVerifier } from "@casemix/auth";
import { createCache, createMemoryCache } from "@casemix/cache";
import { createDb, createTestPglite } from "@casemix/db";
import { createFolderStore, createObjectStore } from "@casemix/storage";
import { BaseEnvSchema, parseEnv, type BaseEnv } from "./env.ts";
import { invalid } from "./errors.ts";
import type { Platform } from "./function-module.ts";
import { createLogger, type Logger } from "./logger.ts";
import type { EventSink } from "./outbox-relay.ts";

/**
 * Creates the ports from the parsed env: each connection variable that is set selects the real
 * adapter (PostgreSQL, S3, Redis), each one unset the embedded one (PGlite, a folder, memory).
 */
export async function createPlatform(
  env: BaseEnv,
  { send, log, source = {} }: { send: EventSink; log?: Logger; source?: Record<string, string | undefined> },
): Promise<Platform> {
  const logger = log ?? createLogger({ level: env.LOG_LEVEL });
  const db = await createDb(env);
  const store = createObjectStore(env);
  const cache = createCache(env);
  return { env, source, db, store, cache, log: logger, now: () => new Date(), verifier: verifierFor(env), send };
}

/** Without an issuer configured, every REST call is refused: there is no unauthenticated mode. */
export function verifierFor(env: BaseEnv): TokenVerifier {
  if (!env.OIDC_ISSUER) {
    return async () => {
      throw invalid("E_AUTH_NOT_CONFIGURED", "no OIDC issuer is configured (OIDC_ISSUER)");
    };
  }
  return createTokenVerifier({
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE,
    jwksUrl: env.OIDC_JWKS_URL,
    rolesClaim: env.OIDC_ROLES_CLAIM,
    hospitalClaim: env.OIDC_HOSPITAL_CLAIM,
    clockToleranceSeconds: env.OIDC_CLOCK_SKEW_SECONDS,
  });
}

export type TestPlatform = Platform & { sent: import("@casemix/events").CasemixEvent[] };

/**
 * A platform for unit tests: a migrated PGlite copied from the template, a temporary folder store, a
 * memory cache, a silent logger, and a sink that records what was sent.
 */
export async function createTestPlatform(
  options: { verifier?: TokenVerifier; now?: () => Date; source?: Record<string, string | undefined> } = {},
): Promise<TestPlatform> {
  const test = await createTestPglite();
  const root = await mkdtemp(join(tmpdir(), "casemix-objects-"));
  const sent: import("@casemix/events").CasemixEvent[] = [];
  const env = parseEnv(BaseEnvSchema, { STORAGE_DIR: root, LOG_LEVEL: "silent" });
  return {
    env,
    source: options.source ?? {},
    db: test,
    store: createFolderStore({ root }),
    cache: createMemoryCache(),
    log: createLogger({ level: "silent" }),
    now: options.now ?? (() => new Date()),
    verifier: options.verifier ?? verifierFor(env),
    send: async (events) => void sent.push(...events),
    sent,
  };
}
