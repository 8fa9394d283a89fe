import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "./digest.ts";
import { isStorageError } from "./errors.ts";
import type { ObjectInfo, ObjectStore } from "./port.ts";

/** Builds the store under test; `pageSize` asks for small list pages where the store has pages. */
export type ObjectStoreFactory = (options: { pageSize: number }) => Promise<ObjectStore> | ObjectStore;

const MiB = 1024 * 1024;
/** Larger than 16 MiB and not a multiple of the part size, so the upload has several parts. */
const LARGE_OBJECT_BYTES = 20 * MiB + 12_345;

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const collect = async (items: AsyncIterable<ObjectInfo>) => {
  const out: ObjectInfo[] = [];
  for await (const item of items) out.push(item);
  return out;
};
const errorCode = async (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (isStorageError(error) ? error.code : String(error)),
  );

/** A deterministic pseudo-random body of `size` bytes, streamed in 1 MiB pieces, and its sha256. */
function largeBody(size: number): { stream: Readable; sha256: string } {
  const hash = createHash("sha256");
  const pieces: Buffer[] = [];
  for (let offset = 0, n = 0; offset < size; offset += MiB, n++) {
    const piece = Buffer.alloc(Math.min(MiB, size - offset));
    for (let i = 0; i < piece.length; i += 32) createHash("sha256").update(`${n}:${i}`).digest().copy(piece, i);
    hash.update(piece);
    pieces.push(piece);
  }
  return { stream: Readable.from(pieces), sha256: hash.digest("hex") };
}

async function sha256OfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/**
 * The behaviour every object store must show, run against the folder store (unit tests) and against
 * S3 on a real server (integration tests). Each run works under its own random prefix.
 */
export function describeObjectStoreContract(name: string, factory: ObjectStoreFactory): void {
  describe(`object store contract: ${name}`, () => {
    let store: ObjectStore;
    const run = `contract-${randomUUID()}`;
    const key = (path: string) => `${run}/${path}`;

    beforeAll(async () => {
      store = await factory({ pageSize: 7 });
    });

    it("a put object reads back with the same bytes, size and sha256", async () => {
      const body = bytes("claim rows, chunk 1");
      const result = await store.put(key("put/a.bin"), body);
      expect(result).toEqual({ key: key("put/a.bin"), size: body.length, sha256: sha256Hex(body) });
      expect(Buffer.from(await store.get(key("put/a.bin")))).toEqual(Buffer.from(body));
    });

    it("a string body is stored as its UTF-8 bytes", async () => {
      await store.put(key("put/text.txt"), "Hospital Kuala Lumpur — wad 5");
      expect(Buffer.from(await store.get(key("put/text.txt"))).toString("utf8")).toBe("Hospital Kuala Lumpur — wad 5");
    });

    it("put replaces an existing object", async () => {
      await store.put(key("put/replace.bin"), "first");
      await store.put(key("put/replace.bin"), "second, longer");
      expect(Buffer.from(await store.get(key("put/replace.bin"))).toString()).toBe("second, longer");
    });

    it("reading a missing key fails with E_OBJECT_NOT_FOUND, as a buffer and as a stream", async () => {
      expect(await errorCode(store.get(key("missing/x.bin")))).toBe("E_OBJECT_NOT_FOUND");
      expect(await errorCode(store.getStream(key("missing/x.bin")))).toBe("E_OBJECT_NOT_FOUND");
    });

    it("head tells the size of an object and undefined for a missing key", async () => {
      const body = bytes("0123456789");
      await store.put(key("head/a.bin"), body);
      const info = await store.head(key("head/a.bin"));
      expect(info).toMatchObject({ key: key("head/a.bin"), size: 10 });
      if (info?.sha256 !== undefined) expect(info.sha256).toBe(sha256Hex(body));
      expect(await store.head(key("head/none.bin"))).toBeUndefined();
    });

    it("putOnce creates an object once and a rewrite of the same bytes is a no-op", async () => {
      const body = bytes("chunk written by event evt_1");
      const first = await store.putOnce(key("once/evt_1.parquet"), body);
      const again = await store.putOnce(key("once/evt_1.parquet"), body);
      expect(first).toEqual({ key: key("once/evt_1.parquet"), size: body.length, sha256: sha256Hex(body), created: true });
      expect(again).toEqual({ ...first, created: false });
    });

    it("putOnce over different bytes fails with E_OBJECT_CONFLICT and keeps the original", async () => {
      await store.putOnce(key("once/evt_2.parquet"), bytes("original"));
      expect(await errorCode(store.putOnce(key("once/evt_2.parquet"), bytes("different")))).toBe("E_OBJECT_CONFLICT");
      expect(Buffer.from(await store.get(key("once/evt_2.parquet"))).toString()).toBe("original");
    });

    it("of two racing putOnce calls with different bytes exactly one creates the object", async () => {
      const target = key("once/race.parquet");
      const outcomes = await Promise.allSettled([
        store.putOnce(target, bytes("writer A")),
        store.putOnce(target, bytes("writer B")),
      ]);
      const created = outcomes.filter((o) => o.status === "fulfilled" && o.value.created);
      const conflicts = outcomes.filter((o) => o.status === "rejected" && isStorageError(o.reason, "E_OBJECT_CONFLICT"));
      expect([created.length, conflicts.length]).toEqual([1, 1]);
      const winner = (created[0] as PromiseFulfilledResult<{ sha256: string }>).value.sha256;
      expect(sha256Hex(await store.get(target))).toBe(winner);
    });

    it("putOnce accepts an existing object written by putStream when the bytes match", async () => {
      const body = bytes("streamed first, then rewritten once");
      await store.putStream(key("once/streamed.bin"), Readable.from([Buffer.from(body)]));
      expect((await store.putOnce(key("once/streamed.bin"), body)).created).toBe(false);
    });

    it("list returns the objects under a prefix in key order with their sizes", async () => {
      for (const path of ["b/2.bin", "a/1.bin", "a-c.bin", "a/b/3.bin", "ab.bin"]) await store.put(key(`list/${path}`), path);
      await store.put(key("listed-elsewhere.bin"), "x");
      const listed = await collect(store.list(key("list/")));
      expect(listed.map((o) => o.key.slice(key("list/").length))).toEqual(["a-c.bin", "a/1.bin", "a/b/3.bin", "ab.bin", "b/2.bin"]);
      expect(listed.find((o) => o.key.endsWith("a/b/3.bin"))?.size).toBe("a/b/3.bin".length);
    });

    it("a prefix that ends inside a segment matches keys that start with it", async () => {
      for (const path of ["bat_10/c1.bin", "bat_11/c1.bin", "bat_2/c1.bin"]) await store.put(key(`partial/${path}`), path);
      const listed = await collect(store.list(key("partial/bat_1")));
      expect(listed.map((o) => o.key.slice(key("partial/").length))).toEqual(["bat_10/c1.bin", "bat_11/c1.bin"]);
    });

    it("list goes on past the first page", async () => {
      const paths = Array.from({ length: 23 }, (_, i) => `page/${String(i).padStart(3, "0")}.bin`);
      await Promise.all(paths.map((path) => store.put(key(path), path)));
      const listed = await collect(store.list(key("page/")));
      expect(listed.map((o) => o.key)).toEqual(paths.map(key));
    });

    it("list of a prefix with no objects yields nothing", async () => {
      expect(await collect(store.list(key("nothing-here/")))).toEqual([]);
    });

    it("delete removes an object from reads and listings, and deleting a missing key is a no-op", async () => {
      await store.put(key("del/a.bin"), "a");
      await store.put(key("del/b.bin"), "b");
      await store.delete(key("del/a.bin"));
      await store.delete(key("del/never-was.bin"));
      expect(await store.head(key("del/a.bin"))).toBeUndefined();
      expect((await collect(store.list(key("del/")))).map((o) => o.key)).toEqual([key("del/b.bin")]);
    });

    it("putStream stores a streamed body and reports its size and sha256", async () => {
      const parts = [Buffer.from("row 1\n"), Buffer.from("row 2\n"), Buffer.from("row 3\n")];
      const whole = Buffer.concat(parts);
      const result = await store.putStream(key("stream/small.csv"), Readable.from(parts));
      expect(result).toEqual({ key: key("stream/small.csv"), size: whole.length, sha256: sha256Hex(whole) });
      expect(await sha256OfStream(await store.getStream(key("stream/small.csv")))).toEqual({ sha256: sha256Hex(whole), size: whole.length });
    });

    it("a streamed object larger than 16 MiB reads back byte for byte", async () => {
      const { stream, sha256 } = largeBody(LARGE_OBJECT_BYTES);
      const result = await store.putStream(key("stream/large.bin"), stream);
      expect(result).toEqual({ key: key("stream/large.bin"), size: LARGE_OBJECT_BYTES, sha256 });
      expect((await store.head(key("stream/large.bin")))?.size).toBe(LARGE_OBJECT_BYTES);
      expect(await sha256OfStream(await store.getStream(key("stream/large.bin")))).toEqual({ sha256, size: LARGE_OBJECT_BYTES });
    });

    it("a source stream that fails makes putStream fail and leaves no object", async () => {
      async function* failing() {
        yield Buffer.alloc(1024, 1);
        throw new Error("upstream connection reset");
      }
      await expect(store.putStream(key("stream/failed.bin"), Readable.from(failing()))).rejects.toThrow("upstream connection reset");
      expect(await store.head(key("stream/failed.bin"))).toBeUndefined();
    });

    it("keys that could escape the layout are refused with E_OBJECT_KEY_INVALID", async () => {
      for (const bad of ["", "/abs.bin", "a//b.bin", "a/../b.bin", "./a.bin", "a/", "a\\b.bin", ".tmp/x.bin"]) {
        expect(await errorCode(store.put(bad, "x")), JSON.stringify(bad)).toBe("E_OBJECT_KEY_INVALID");
      }
      expect(await errorCode(collect(store.list("../")))).toBe("E_OBJECT_KEY_INVALID");
    });
  });
}
