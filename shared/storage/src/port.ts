import type { Readable } from "node:stream";

/**
 * The object-store port: S3 (`@aws-sdk/client-s3`) or a local folder with the same key layout.
 * Keys are '/'-separated paths such as `landing/<batch>/<chunk>/<event-id>.parquet`.
 */
export type ObjectInfo = { key: string; size: number; sha256?: string };

export type PutResult = { key: string; size: number; sha256: string };

export interface ObjectStore {
  put(key: string, body: Uint8Array | string): Promise<PutResult>;
  /** Streams a body of any size (multipart on S3). */
  putStream(key: string, body: Readable): Promise<PutResult>;
  /**
   * Write-once: stores the object unless the key exists. When it exists with the same sha256 this is
   * a no-op (a redelivered event rewrote the same bytes); a different sha256 throws `E_OBJECT_CONFLICT`.
   */
  putOnce(key: string, body: Uint8Array): Promise<PutResult & { created: boolean }>;
  get(key: string): Promise<Uint8Array>;
  getStream(key: string): Promise<Readable>;
  head(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  delete(key: string): Promise<void>;
  readonly kind: "folder" | "s3";
}
