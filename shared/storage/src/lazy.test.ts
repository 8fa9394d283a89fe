import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFolderStore } from "./folder.ts";
import { createLazyStore } from "./lazy.ts";

describe("createLazyStore", () => {
  it("opens the adapter once, on the first operation, and forwards every operation to it", async () => {
    const root = await mkdtemp(join(tmpdir(), "casemix-lazy-"));
    let opened = 0;
    const store = createLazyStore("folder", async () => (opened++, createFolderStore({ root })));
    expect(opened).toBe(0);
    await store.put("a/one.txt", "1");
    await store.put("a/two.txt", "22");
    const listed = [];
    for await (const info of store.list("a/")) listed.push(info.key);
    expect(listed.sort()).toEqual(["a/one.txt", "a/two.txt"]);
    expect(new TextDecoder().decode(await store.get("a/two.txt"))).toBe("22");
    expect((await store.head("a/one.txt"))?.size).toBe(1);
    await store.delete("a/one.txt");
    expect(await store.head("a/one.txt")).toBeUndefined();
    expect(opened).toBe(1);
  });

  it("a failure to open surfaces from the operation that needed the adapter", async () => {
    const store = createLazyStore("s3", async () => {
      throw new Error("no SDK");
    });
    await expect(store.get("x")).rejects.toThrow("no SDK");
  });
});
