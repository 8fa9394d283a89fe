import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureConsole } from "@casemix/testing";
import { run } from "./migrate.ts";

describe("casemix migrate", () => {
  const out = captureConsole();

  it("migrates a PGlite folder once and reports it up to date the second time", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-migrate-cli-"));
    try {
      expect(await run(["--pglite-dir", dir], {})).toBe(0);
      expect(out).toContain("applied  0001_platform.sql");
      out.length = 0;
      expect(await run(["--pglite-dir", dir, "--status"], {})).toBe(0);
      expect(out).toContain("applied  0001_platform.sql");
      out.length = 0;
      expect(await run([], { PGLITE_DATA_DIR: dir })).toBe(0);
      expect(out.join("\n")).toMatch(/already up to date/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Three PGlite starts on a folder (the first runs initdb): ~5 s on a quiet machine, past 30 s at load 20.
  }, 90_000);

  it("refuses to run with no database named, exiting 2", async () => {
    expect(await run([], {})).toBe(2);
    expect(out.join("\n")).toMatch(/nothing to migrate/);
  });

  it("rejects a URL that is not postgres, naming the variable", async () => {
    expect(await run(["--url", "http://x"], {})).toBe(2);
    expect(out.join("\n")).toMatch(/DATABASE_URL/);
  });
});
