import { describe, expect, it } from "vitest";
import { parseObjectStoreEnv } from "./env.ts";
import { createObjectStore } from "./factory.ts";

describe("createObjectStore", () => {
  it("uses the local folder when no S3 variable is set", () => {
    expect(createObjectStore(parseObjectStoreEnv({})).kind).toBe("folder");
  });

  it("switches to S3 when S3_BUCKET is set", () => {
    const env = parseObjectStoreEnv({ S3_BUCKET: "casemix", S3_ENDPOINT: "http://127.0.0.1:9000" });
    expect(createObjectStore(env).kind).toBe("s3");
  });

  it("OBJECT_STORE=folder keeps the folder even when S3_BUCKET is set", () => {
    expect(createObjectStore(parseObjectStoreEnv({ OBJECT_STORE: "folder", S3_BUCKET: "casemix" })).kind).toBe("folder");
  });

  it("OBJECT_STORE=s3 without S3_BUCKET fails naming the variable", () => {
    expect(() => createObjectStore(parseObjectStoreEnv({ OBJECT_STORE: "s3" }))).toThrow("S3_BUCKET");
  });

  it("a malformed S3_ENDPOINT fails naming the variable", () => {
    expect(() => parseObjectStoreEnv({ S3_ENDPOINT: "not a url" })).toThrow("S3_ENDPOINT");
  });
});
