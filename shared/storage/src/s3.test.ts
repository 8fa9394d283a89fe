import { describe, expect, it } from "vitest";
import { isStorageError } from "./errors.ts";
import { createS3Store } from "./s3.ts";

describe("S3 store without a server", () => {
  it("a server that cannot be reached is a retryable E_OBJECT_STORE_UNAVAILABLE", async () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    const store = createS3Store({
      bucket: "casemix-test",
      endpoint: "http://127.0.0.1:9",
      accessKeyId: "k",
      secretAccessKey: "s",
    });
    const error = await store.put("a/b.bin", "x").catch((e: unknown) => e);
    expect(isStorageError(error, "E_OBJECT_STORE_UNAVAILABLE") && error.retryable).toBe(true);
  });

  it("an invalid key is refused before any request is sent", async () => {
    const store = createS3Store({ bucket: "casemix-test", endpoint: "http://127.0.0.1:9" });
    const error = await store.get("../etc/passwd").catch((e: unknown) => e);
    expect(isStorageError(error, "E_OBJECT_KEY_INVALID")).toBe(true);
  });
});
