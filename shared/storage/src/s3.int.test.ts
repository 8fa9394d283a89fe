import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseObjectStoreEnv } from "./env.ts";
import { createObjectStore } from "./factory.ts";
import { createS3Client, createS3Store, ensureS3Bucket, type S3ConnectionOptions } from "./s3.ts";
import { describeObjectStoreContract } from "./store-contract.ts";

// S3Proxy started by scripts/with-services.sh (npm run test:integration); its variables come from
// scripts/services-env.sh.
const env = parseObjectStoreEnv(process.env);
if (!env.S3_BUCKET || !env.S3_ENDPOINT) {
  throw new Error("S3_BUCKET and S3_ENDPOINT are not set: run through scripts/with-services.sh (npm run test:integration)");
}
const connection: S3ConnectionOptions = {
  bucket: env.S3_BUCKET,
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION,
  ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
  ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
};
const client = createS3Client(connection);

beforeAll(async () => {
  await ensureS3Bucket({ ...connection, client });
});
afterAll(() => client.destroy());

describeObjectStoreContract("S3 on S3Proxy", ({ pageSize }) => createS3Store({ ...connection, client, pageSize }));

describe("S3 store on S3Proxy", () => {
  const run = `s3-${randomUUID()}`;

  it("uploads a streamed body larger than one part as a multipart upload", async () => {
    const sent: string[] = [];
    const counting = createS3Client(connection);
    counting.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize", name: "recordCommands" },
    );
    const store = createS3Store({ ...connection, client: counting, partSize: 5 * 1024 * 1024 });
    const body = Buffer.alloc(11 * 1024 * 1024, 7);
    await store.putStream(`${run}/multipart.bin`, Readable.from([body]));
    counting.destroy();
    expect(sent.filter((name) => name === "UploadPartCommand")).toHaveLength(3);
    expect(sent).toContain("CompleteMultipartUploadCommand");
  });

  it("records the sha256 of a put body in the object's metadata", async () => {
    const store = createS3Store({ ...connection, client });
    const { sha256 } = await store.put(`${run}/meta.bin`, "hashed");
    expect((await store.head(`${run}/meta.bin`))?.sha256).toBe(sha256);
  });

  it("createObjectStore picks S3 when S3_BUCKET is set", () => {
    expect(createObjectStore(env).kind).toBe("s3");
  });
});
