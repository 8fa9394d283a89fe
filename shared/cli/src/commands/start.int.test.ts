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
      const printed = lines.join("\n");
      expect(printed).toMatch(/batch completed/);
      expect(code).toBe(0);
      // The hospital token printed is for the hospital the sample was sent for (it once named another),
      // and the other roles' tokens come only with --tokens.
      const sent = /submitted for (\S+);/.exec(printed)?.[1];
      expect(sent).toBeTruthy();
      expect(printed).toContain(`    hospital ${sent}: `);
      expect(printed).not.toMatch(/finance:\s+ey/);
      expect(printed).toContain("--tokens prints ministry, finance, auditor tokens too");
    } finally {
      log.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
