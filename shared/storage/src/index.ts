export * from "./port.ts";
export * from "./errors.ts";
export { ObjectStoreEnvSchema, parseObjectStoreEnv, type ObjectStoreEnv } from "./env.ts";
export { createFolderStore, type FolderStoreOptions } from "./folder.ts";
export {
  createS3Client,
  createS3Store,
  ensureS3Bucket,
  type S3ConnectionOptions,
  type S3StoreOptions,
} from "./s3.ts";
export { createObjectStore } from "./factory.ts";
export { OBJECT_PREFIXES, type ObjectPrefix } from "./layout.ts";
