import type { ObjectStoreEnv } from "./env.ts";
import { createFolderStore } from "./folder.ts";
import type { ObjectStore } from "./port.ts";
import { createLazyStore } from "./lazy.ts";

/**
 * The object store the env asks for: S3 when `S3_BUCKET` is set (or `OBJECT_STORE=s3`), else the
 * folder `STORAGE_DIR`. Functions receive the store; they never build one (CONVENTIONS.md #3).
 */
export function createObjectStore(env: ObjectStoreEnv): ObjectStore {
  const kind = env.OBJECT_STORE ?? (env.S3_BUCKET ? "s3" : "folder");
  if (kind === "folder") return createFolderStore({ root: env.STORAGE_DIR });
  if (!env.S3_BUCKET) throw new Error("invalid object-store environment: S3_BUCKET: required when OBJECT_STORE=s3");
  const options = {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
    ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
    ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
    ...(env.S3_FORCE_PATH_STYLE !== undefined ? { forcePathStyle: env.S3_FORCE_PATH_STYLE } : {}),
  };
  return createLazyStore("s3", async () => (await import("./s3.ts")).createS3Store(options));
}
