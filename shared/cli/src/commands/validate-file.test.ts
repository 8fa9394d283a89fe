import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "./validate-file.ts";

const EXAMPLES = new URL("../../../claims/examples/", import.meta.url).pathname;
let printed: string[];
beforeEach(() => {
  printed = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void printed.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void printed.push(a.join(" ")));
});
afterEach(() => vi.restoreAllMocks());

describe("casemix validate-file", () => {
  it("takes every example batch shipped for REST and SFTP, in each format", async () => {
    const files = [...(await readdir(join(EXAMPLES, "sftp"))).map((f) => join(EXAMPLES, "sftp", f)), join(EXAMPLES, "batch.csv"), join(EXAMPLES, "batch.ndjson")];
    expect(files.some((f) => f.endsWith(".json"))).toBe(true);
    for (const file of files) {
      expect(await run([file, "--hospital", "H10-DEC915"]), `${file}\n${printed.join("\n")}`).toBe(0);
      expect(printed.at(-1)).toMatch(/: (2|4) claims .* (2|4) would be taken, 0 rejected$/);
    }
  });

  it("reads the hospital from an SFTP file name, and names each row intake would reject with its code", async () => {
    const dir = await mkdtemp(join(tmpdir(), "validate-file-"));
    const file = join(dir, "H10-DEC915_bad.json");
    await writeFile(file, JSON.stringify([{ hospitalCode: "H04-AD057A", claimNumber: "X1" }]));
    expect(await run([file])).toBe(1);
    expect(printed.join("\n")).toMatch(/row 1: E_HOSPITAL_MISMATCH hospitalCode/);
    expect(printed.at(-1)).toMatch(/1 claims \(json, hospital H10-DEC915\): 0 would be taken, 1 rejected/);
  });

  it("refuses a file that is not a claim file as a whole, as intake would", async () => {
    const dir = await mkdtemp(join(tmpdir(), "validate-file-"));
    const file = join(dir, "H10-DEC915_x.csv");
    await writeFile(file, "a;b;c\n1;2;3\n");
    expect(await run([file])).toBe(1);
    expect(printed.at(-1)).toMatch(/refused as a whole: E_/);
  });

  it("asks for the hospital when neither the name nor an option gives it", async () => {
    expect(await run([join(EXAMPLES, "batch.csv")])).toBe(2);
    expect(printed.join("\n")).toMatch(/--hospital/);
  });
});
