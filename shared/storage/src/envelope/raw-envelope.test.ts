import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFolderStore } from "../folder.ts";
import type { ObjectStore } from "../port.ts";
import { MasterKeysSchema } from "./master-keys.ts";
import { createRawObjects } from "./raw-objects.ts";

const keyOf = () => randomBytes(32).toString("base64");
const master = MasterKeysSchema.parse(`mk_2027=${keyOf()},mk_2026=${keyOf()}`);
const collect = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const p of r) parts.push(p as Buffer);
  return Buffer.concat(parts);
};

let dir: string;
let store: ObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envelope-"));
  store = createFolderStore({ root: dir });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("raw objects, envelope-encrypted", () => {
  it.each([0, 10, 64 * 1024, 64 * 1024 + 1, 300_000])("a file of %i bytes reads back as sent, and the stored bytes do not contain it", async (size) => {
    const plain = Buffer.from("850101-14-5678,".repeat(Math.ceil(size / 15)).slice(0, size));
    const raw = createRawObjects(store, master);
    const put = await raw.put("raw/bat_1/f.csv", Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]));
    expect(put).toMatchObject({ plainBytes: size, keyId: "mk_2027" });
    expect(await collect(await raw.getStream("raw/bat_1/f.csv"))).toEqual(plain);
    const stored = Buffer.from(await store.get("raw/bat_1/f.csv"));
    if (size > 0) expect(stored.includes("850101-14-5678")).toBe(false);
  });

  it("a flipped byte, a truncated object or another object's header fails instead of reading", async () => {
    const raw = createRawObjects(store, master);
    await raw.put("raw/a/f.csv", Readable.from([randomBytes(200_000)]));
    await raw.put("raw/b/f.csv", Readable.from([randomBytes(10)]));
    const stored = Buffer.from(await store.get("raw/a/f.csv"));
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 100]! ^= 1;
    await store.put("raw/c/f.csv", flipped);
    await store.put("raw/d/f.csv", stored.subarray(0, stored.length - 70_000));
    await store.put("raw/e/f.csv", await store.get("raw/b/f.csv"));
    for (const key of ["raw/c/f.csv", "raw/d/f.csv", "raw/e/f.csv"]) {
      await expect(collect(await raw.getStream(key))).rejects.toMatchObject({ code: "E_ENVELOPE_INVALID" });
    }
  });

  it("an object wrapped by an older master key still opens; one whose master key is gone says which", async () => {
    const old = MasterKeysSchema.parse(master.byId.get("mk_2026") ? `mk_2026=${master.byId.get("mk_2026")!.toString("base64")}` : "");
    await createRawObjects(store, old).put("raw/old/f.csv", Readable.from([Buffer.from("x,y")]));
    expect((await collect(await createRawObjects(store, master).getStream("raw/old/f.csv"))).toString()).toBe("x,y");
    const other = MasterKeysSchema.parse(`mk_other=${keyOf()}`);
    await expect(collect(await createRawObjects(store, other).getStream("raw/old/f.csv"))).rejects.toMatchObject({ code: "E_MASTER_KEY_UNKNOWN", message: expect.stringContaining("mk_2026") });
  });

  it("a master key list that is not id=<32 bytes> pairs is refused", () => {
    expect(MasterKeysSchema.safeParse("mk=abc").success).toBe(false);
    expect(MasterKeysSchema.safeParse(`=${keyOf()}`).success).toBe(false);
    expect(MasterKeysSchema.safeParse("").success).toBe(false);
  });
});
