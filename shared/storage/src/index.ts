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
export * from "./envelope/master-keys.ts";
export { createEncryptStream, createDecryptStream, readEnvelopeHeader, EnvelopeError, type EnvelopeHeader, type EnvelopeSummary } from "./envelope/raw-envelope.ts";
export { createRawObjects, type RawObjects, type RawPut } from "./envelope/raw-objects.ts";
export { OBJECT_PREFIXES, type ObjectPrefix } from "./layout.ts";
