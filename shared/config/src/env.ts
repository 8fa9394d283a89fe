import { z } from "zod";

/**
 * The configuration variables of a function that loads configuration (parse with the runtime's
 * `parseEnv(ConfigEnvSchema, platform.source)`). `CONFIG_SEED_DEMO=false` stops a production database
 * from ever receiving the illustrative demo configuration; the default seeds it, so the embedded
 * default works out of the box.
 */
export const ConfigEnvSchema = z.object({
  CONFIG_SEED_DEMO: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
});
export type ConfigEnv = z.infer<typeof ConfigEnvSchema>;
