import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DigestStream, sha256Hex, toBytes } from "./digest.ts";
import { StorageError, conflict, notFound } from "./errors.ts";
import { assertValidKey, assertValidPrefix } from "./keys.ts";
import type { ObjectInfo, ObjectStore, PutResult } from "./port.ts";

export type S3ConnectionOptions = {
  bucket: string;
  /** An S3-compatible server (S3Proxy, MinIO, ...); omit for AWS. */
  endpoint?: string;
  region?: string;
  /** Omit both to use the SDK's default credential chain (instance role, ~/.aws, ...). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`; S3-compatible servers need it. */
  forcePathStyle?: boolean;
};

export type S3StoreOptions = S3ConnectionOptions & {
  /** A client to use instead of one built from the options (tests add middleware to it). */
  client?: S3Client;
  /** Multipart part size for `putStream`; S3's minimum is 5 MiB. */
  partSize?: number;
  /** Parts uploaded at once: memory held is about partSize x queueSize. */
  queueSize?: number;
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000). */
  pageSize?: number;
};

/** The metadata entry (`x-amz-meta-sha256`) that carries an object's sha256. */
const SHA256_META = "sha256";

/**
 * An S3 client with this project's defaults. Checksums only `WHEN_REQUIRED`: by default the SDK
 * wraps streamed uploads in aws-chunked framing with a trailing checksum, and a server that does not
 * understand it stores the framing inside the object (issue 2, known traps).
 */
export function createS3Client(options: S3ConnectionOptions): S3Client {
  const credentials =
    options.accessKeyId && options.secretAccessKey
      ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
      : undefined;
  return new S3Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** Creates the bucket unless it exists (for tests and first runs; production buckets come from terraform). */
export async function ensureS3Bucket(options: S3ConnectionOptions & { client?: S3Client }): Promise<void> {
  const client = options.client ?? createS3Client(options);
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  } finally {
    if (!options.client) client.destroy();
  }
}

const statusOf = (error: unknown) =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

const isMissing = (error: unknown) =>
  statusOf(error) === 404 || ["NoSuchKey", "NotFound"].includes((error as { name?: string }).name ?? "");

/** Failures that are not the caller's fault (network, throttling, 5xx) become retryable errors. */
function wrap(key: string, error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const status = statusOf(error);
  if (status !== undefined && status < 500 && status !== 429) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError("E_OBJECT_STORE_UNAVAILABLE", key, `object store failed on ${key}: ${message}`, {
    cause: error,
  });
}

/**
 * The object store on S3 or an S3-compatible server (`@aws-sdk/client-s3`), with the folder store's
 * key layout. `put` and `putOnce` record the body's sha256 in the object's metadata; `putStream`
 * uploads in parts (`@aws-sdk/lib-storage`) and cannot, since multipart metadata is fixed before the
 * first byte, so `head` reports no sha256 for streamed objects.
 *
 * @example
 * const store = createS3Store({ bucket: "casemix", endpoint: "http://127.0.0.1:9000",
 *   accessKeyId: "casemix", secretAccessKey: "casemix-secret" });
 */
export function createS3Store(options: S3StoreOptions): ObjectStore {
  const client = options.client ?? createS3Client(options);
  const Bucket = options.bucket;
  const guard = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw wrap(key, error);
    }
  };

  async function put(key: string, body: Uint8Array | string): Promise<PutResult> {
    assertValidKey(key);
    const bytes = toBytes(body);
    const sha256 = sha256Hex(bytes);
    await guard(key, () =>
      client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, Metadata: { [SHA256_META]: sha256 } })),
    );
    return { key, size: bytes.length, sha256 };
  }

  async function putStream(key: string, body: Readable): Promise<PutResult> {
    assertValidKey(key);
    const digest = new DigestStream();
    const upload = new Upload({
      client,
      params: { Bucket, Key: key, Body: digest },
      partSize: options.partSize ?? 8 * 1024 * 1024,
      queueSize: options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    // The pipeline feeds the upload. A failing source also fails the upload, which then aborts its
    // multipart upload (leavePartsOnError: false); both settle before we answer, so no part lingers.
    const [piped, uploaded] = await Promise.allSettled([pipeline(body, digest), upload.done()]);
    if (piped.status === "rejected") throw piped.reason;
    if (uploaded.status === "rejected") throw wrap(key, uploaded.reason);
    return { key, ...digest.result() };
  }

  async function putOnce(key: string, body: Uint8Array): Promise<PutResult & { created: boolean }> {
    assertValidKey(key);
    const sha256 = sha256Hex(body);
    const existing = await existingSha256(key);
    if (existing === undefined) {
      try {
        // If-None-Match: * makes the write itself conditional (412 when the key appeared meanwhile).
        await client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: body, IfNoneMatch: "*", Metadata: { [SHA256_META]: sha256 } }),
        );
        return { key, size: body.length, sha256, created: true };
      } catch (error) {
        if (statusOf(error) !== 412 && statusOf(error) !== 409) throw wrap(key, error);
      }
    }
    const stored = existing ?? (await existingSha256(key));
    if (stored !== sha256) throw conflict(key, stored ?? "(deleted meanwhile)", sha256);
    return { key, size: body.length, sha256, created: false };
  }

  /** The stored sha256: from metadata, else (a streamed object) hashed from the body. */
  async function existingSha256(key: string): Promise<string | undefined> {
    const info = await head(key);
    if (info === undefined) return undefined;
    return info.sha256 ?? sha256Hex(await get(key));
  }

  async function getStream(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      throw isMissing(error) ? notFound(key) : wrap(key, error);
    }
  }

  async function get(key: string): Promise<Uint8Array> {
    const stream = await getStream(key);
    return guard(key, async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    });
  }

  async function head(key: string): Promise<ObjectInfo | undefined> {
    assertValidKey(key);
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      const sha256 = out.Metadata?.[SHA256_META];
      return { key, size: out.ContentLength ?? 0, ...(sha256 ? { sha256 } : {}) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw wrap(key, error);
    }
  }

  async function* list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    const pages = paginateListObjectsV2(
      { client, pageSize: options.pageSize ?? 1000 },
      { Bucket, Prefix: prefix },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Contents ?? []) yield { key: item.Key ?? "", size: item.Size ?? 0 };
      }
    } catch (error) {
      throw wrap(prefix, error);
    }
  }

  async function remove(key: string): Promise<void> {
    assertValidKey(key);
    await guard(key, () => client.send(new DeleteObjectCommand({ Bucket, Key: key })));
  }

  return { kind: "s3", put, putStream, putOnce, get, getStream, head, list, delete: remove };
}
