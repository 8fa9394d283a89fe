import { z } from "zod";
import { parseEnv } from "@casemix/runtime";
import { MasterKeysSchema } from "@casemix/storage";

const keyList = z
  .string()
  .transform((text, ctx) => {
    const keys: { id: string; secret: string }[] = [];
    for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf("=");
      const id = part.slice(0, eq);
      const secret = part.slice(eq + 1);
      if (eq < 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || !/^(whsec_|whsk_)/.test(secret)) {
        ctx.addIssue({ code: "custom", message: "must be id=whsec_... or id=whsk_... pairs, comma-separated" });
        return z.NEVER;
      }
      keys.push({ id, secret });
    }
    return keys;
  });

/**
 * Notify's own variables, parsed once at start (CONVENTIONS.md #4). Signing keys live in
 * `webhook_signing_keys` with their secrets sealed under WEBHOOK_MASTER_KEYS; WEBHOOK_SIGNING_KEYS
 * only imports keys into the table (added active when absent).
 */
export const NotifyEnvSchema = z
  .object({
    /** Base of the links in webhook payloads. */
    NOTIFY_PUBLIC_BASE_URL: z.string().url().default("https://casemix.moh.gov.my/api/v1"),
    DATABASE_URL: z.string().optional(),
    /** Keys imported at start, `id=whsec_...` (HMAC) or `id=whsk_...` (Ed25519), comma-separated. */
    WEBHOOK_SIGNING_KEYS: keyList.optional(),
    /**
     * Master keys that seal the signing keys' secrets in the database, `id=<base64 of 32 bytes>`,
     * comma-separated, the first current. Required with DATABASE_URL; embedded: a development key.
     */
    WEBHOOK_MASTER_KEYS: MasterKeysSchema.optional(),
    /** MyGDX client (OIDC client credentials, private_key_jwt, mutual TLS); all or nothing. */
    MYGDX_CLIENT_ID: z.string().optional(),
    MYGDX_ISSUER: z.string().url().optional(),
    MYGDX_TOKEN_ENDPOINT: z.string().url().optional(),
    MYGDX_SCOPE: z.string().optional(),
    MYGDX_ASSERTION_ALG: z.string().default("ES256"),
    MYGDX_ASSERTION_KID: z.string().optional(),
    /** PEM (PKCS#8) private key that signs the client assertion. */
    MYGDX_PRIVATE_KEY_FILE: z.string().optional(),
    MYGDX_CLIENT_CERT_FILE: z.string().optional(),
    MYGDX_CLIENT_KEY_FILE: z.string().optional(),
    MYGDX_CA_FILE: z.string().optional(),
    /** Extra CAs for hospital endpoints (default: Node's bundled roots). */
    HOSPITAL_CA_FILE: z.string().optional(),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    NOTIFY_BASE_DELAY_MS: z.coerce.number().int().min(1).default(1_000),
    NOTIFY_MAX_DELAY_MS: z.coerce.number().int().min(1).default(5 * 60_000),
    NOTIFY_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).default(15 * 60_000),
    NOTIFY_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    /** Requests in flight at once per replica. */
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
    /**
     * Append `notification.delivered` / `.failed` to the outbox. They need a broker to go to (K_SINK,
     * a SinkBinding on Knative); switch off where notify runs without one.
     */
    NOTIFY_EMIT_EVENTS: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
    /** How often the sweeper looks for due retries, ms. */
    NOTIFY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.WEBHOOK_MASTER_KEYS) {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_MASTER_KEYS"], message: "is required when DATABASE_URL is set" });
    }
    if (!env.MYGDX_CLIENT_ID) return;
    for (const name of ["MYGDX_PRIVATE_KEY_FILE", "MYGDX_CLIENT_CERT_FILE", "MYGDX_CLIENT_KEY_FILE"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when MYGDX_CLIENT_ID is set" });
    }
    if (!env.MYGDX_ISSUER && !env.MYGDX_TOKEN_ENDPOINT) {
      ctx.addIssue({ code: "custom", path: ["MYGDX_ISSUER"], message: "MYGDX_ISSUER or MYGDX_TOKEN_ENDPOINT is required when MYGDX_CLIENT_ID is set" });
    }
  });
export type NotifyEnv = z.infer<typeof NotifyEnvSchema>;

/** Parses notify's env from the raw variables the platform carries. */
export function loadNotifyEnv(source: Record<string, string | undefined>): NotifyEnv {
  return parseEnv(NotifyEnvSchema, source);
}
