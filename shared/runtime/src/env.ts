import { z } from "zod";
import { CacheEnvSchema } from "@casemix/cache";
import { DbEnvSchema } from "@casemix/db";
import { ObjectStoreEnvSchema } from "@casemix/storage";

/**
 * The environment every function reads, parsed once at start. A deployable extends it with its own
 * variables: `parseEnv(BaseEnvSchema.extend({...}), process.env)`. Unset connection variables select
 * the embedded adapters (PGlite, a local folder, in-memory cache), so a fresh machine needs no servers.
 */
export const BaseEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Knative's SinkBinding sets this to the broker ingress; absent in embedded mode. */
  K_SINK: z.string().url().optional(),
  /** The Broker's CA (PEM), set by the SinkBinding when transport encryption makes K_SINK HTTPS. */
  K_CA_CERTS: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ...DbEnvSchema.shape,
  KAFKA_BROKERS: z.string().optional(),
  ...ObjectStoreEnvSchema.shape,
  ...CacheEnvSchema.shape,
  OIDC_ISSUER: z.string().optional(),
  OIDC_AUDIENCE: z.string().default("casemix"),
  /** Without it, the `jwks_uri` of the issuer's discovery document (`<issuer>/.well-known/openid-configuration`). */
  OIDC_JWKS_URL: z.string().url().optional(),
  /** Where the access log goes (request-context.ts): `log` (the JSON-lines logger), `off`, or a file path. */
  ACCESS_LOG: z.string().min(1).default("log"),
  /** Dotted claim paths: Keycloak puts realm roles under `realm_access.roles`. */
  OIDC_ROLES_CLAIM: z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, "a dotted claim path such as realm_access.roles").default("roles"),
  OIDC_HOSPITAL_CLAIM: z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, "a dotted claim path such as hospital").default("hospital"),
  /** Tolerated clock difference with the issuer, for `exp`, `nbf` and an `iat` in the future. */
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * What this process serves on its port: `rest` (the public Knative Service: REST routes only),
   * `events` (the cluster-local one: the CloudEvent ingress only), or `all` (one process, `casemix mesh`).
   */
  FUNCTION_SERVES: z.enum(["rest", "events", "all"]).default("all"),
  /**
   * Event tokens (DESIGN.md "Trust and audit"). The ingress accepts a delivery only with a token from
   * EVENT_ISSUER (keys from EVENT_JWKS, inline JSON, or EVENT_JWKS_URL), for EVENT_AUDIENCE (default
   * `eventAudience(<function>)`), whose `sub` is one of EVENT_SENDERS (comma-separated; a trailing `*`
   * matches any suffix). Unset: every event is refused. On Knative these name the cluster's
   * service-account issuer and the Trigger identities; in `casemix mesh` the mesh's own key.
   */
  EVENT_ISSUER: z.string().optional(),
  EVENT_AUDIENCE: z.string().optional(),
  EVENT_JWKS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as { keys: Record<string, unknown>[] };
      } catch {
        ctx.addIssue({ code: "custom", message: "EVENT_JWKS must be a JSON Web Key Set" });
        return z.NEVER;
      }
    })
    .optional(),
  EVENT_JWKS_URL: z.string().url().optional(),
  EVENT_SENDERS: z
    .string()
    .transform((text) => text.split(",").map((s) => s.trim()).filter(Boolean))
    .optional(),
  /**
   * Who may post dead letters to the dead-letter ingress (`mesh.deadLetter.path` of the function
   * `mesh.deadLetter.consumer`), comma-separated like EVENT_SENDERS: on Knative the KafkaSource that
   * reads the dead-letter topic. Same issuer and keys as events; the audience is `deadLetterAudience`.
   * Unset: every dead letter is refused.
   */
  DEAD_LETTER_SENDERS: z
    .string()
    .transform((text) => text.split(",").map((s) => s.trim()).filter(Boolean))
    .optional(),
  /** `off`: no metric is recorded and /metrics answers 404 (the overhead benchmark's baseline). */
  METRICS: z.enum(["on", "off"]).default("on"),
  /** OTLP/HTTP collector base URL: spans go to `<url>/v1/traces`. Unset: no span is recorded at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The spans' `service.name`; default the function's name. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Longest wait (ms) before finished spans are exported (the OpenTelemetry variable; its default, 5 s). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The token this process sends events to K_SINK with (SinkBinding mounts it at /oidc/token). */
  EVENT_TOKEN_FILE: z.string().optional(),
});

export type BaseEnv = z.infer<typeof BaseEnvSchema>;

export class EnvError extends Error {
  readonly code = "E_ENV";
}

/**
 * Parses the environment with a zod schema, failing with a message that names each bad variable.
 *
 * @example
 * const env = parseEnv(BaseEnvSchema, process.env);
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
