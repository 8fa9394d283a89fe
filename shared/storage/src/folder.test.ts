import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFolderStore } from "./folder.ts";
import { describeObjectStoreContract } from "./store-contract.ts";

const roots: string[] = [];
const newRoot = async () => {
  const root = await mkdtemp(join(tmpdir(), "casemix-folder-store-"));
  roots.push(root);
  return root;
};
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describeObjectStoreContract("folder", async () => createFolderStore({ root: await newRoot() }));

describe("folder store", () => {
  it("keeps the S3 key layout: key a/b/c.bin is the file <root>/a/b/c.bin", async () => {
    const root = await newRoot();
    await createFolderStore({ root }).put("a/b/c.bin", "x");
    expect(await readdir(join(root, "a", "b"))).toEqual(["c.bin"]);
  });

  it("removes folders left empty by a delete, as S3 has no folders", async () => {
    const root = await newRoot();
    const store = createFolderStore({ root });
    await store.put("landing/bat_1/c1.bin", "x");
    await store.delete("landing/bat_1/c1.bin");
    expect((await readdir(root)).filter((name) => name !== ".tmp")).toEqual([]);
  });

  it("leaves no temporary file behind after writes", async () => {
    const root = await newRoot();
    const store = createFolderStore({ root });
    await store.put("a.bin", "x");
    await store.putOnce("b.bin", new Uint8Array([1]));
    await store.putOnce("b.bin", new Uint8Array([1]));
    expect(await readdir(join(root, ".tmp"))).toEqual([]);
  });
});
