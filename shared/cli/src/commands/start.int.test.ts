import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { run } from "./start.ts";

describe("casemix start", () => {
  it("puts a generated sample batch through every function and every claim ends as the manifest says", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-start-"));
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    try {
      const code = await run(["--exit", "--sample-claims", "400", "--port", "0"], {
        PGLITE_DATA_DIR: join(dir, "pglite"),
        STORAGE_DIR: join(dir, "objects"),
        LOG_LEVEL: "silent",
      });
      expect(lines.join("\n")).toMatch(/batch completed/);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
