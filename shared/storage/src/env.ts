import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

/**
 * The variables that choose and configure the object store. Setting `S3_BUCKET` switches from the
 * local folder to S3 (DESIGN.md, run modes); `OBJECT_STORE` forces either.
 */
export const ObjectStoreEnvSchema = z.object({
  OBJECT_STORE: z.enum(["folder", "s3"]).optional(),
  STORAGE_DIR: z.string().min(1).default(".data/objects"),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
});

export type ObjectStoreEnv = z.infer<typeof ObjectStoreEnvSchema>;

/**
 * Parses the object-store variables, failing with a message that names the variable.
 *
 * @example
 * const store = createObjectStore(parseObjectStoreEnv(process.env));
 */
export function parseObjectStoreEnv(source: Record<string, string | undefined>): ObjectStoreEnv {
  const parsed = ObjectStoreEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid object-store environment: ${issues}`);
  }
  return parsed.data;
}
