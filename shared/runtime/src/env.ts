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
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ...DbEnvSchema.shape,
  KAFKA_BROKERS: z.string().optional(),
  ...ObjectStoreEnvSchema.shape,
  ...CacheEnvSchema.shape,
  OIDC_ISSUER: z.string().optional(),
  OIDC_AUDIENCE: z.string().default("casemix"),
  OIDC_JWKS_URL: z.string().url().optional(),
  /** Where the access log goes (request-context.ts): `log` (the JSON-lines logger), `off`, or a file path. */
  ACCESS_LOG: z.string().min(1).default("log"),
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
