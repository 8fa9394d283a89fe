import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDraft, publishVersion } from "@casemix/config";
import { createDb, migrate } from "@casemix/db";
import { run } from "./generate.ts";

// A database whose register differs from the files' (as one seeded before ../shared appeared):
// `casemix generate --register database` must draw its hospitals from the database (issue 18.6).
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "casemix-generate-db-"));
  const db = await createDb({ PGLITE_DATA_DIR: join(dir, "pglite"), DATABASE_POOL_MAX: 1 } as never);
  await migrate(db);
  const hospital = { code: "HDB-0001", name: "Hospital in the database", hospitalClass: "state", region: "Selangor", effectiveFrom: "2020-01-01", effectiveTo: null };
  const draft = await createDraft(db, {
    kind: "hospitals", label: "test register", effectiveFrom: "2020-01-01", effectiveTo: null,
    content: { id: "test-register", version: 1, effectiveFrom: "2020-01-01", effectiveTo: null, hospitals: [hospital] },
  });
  await publishVersion(db, draft.id);
  await db.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("casemix generate --register database", () => {
  it("draws the hospitals from the register in force in the database", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const out = join(dir, "batch");
    const code = await run(["--claims", "40", "--period", "2026-09", "--hospitals", "1", "--out", out, "--quiet", "--register", "database"], { PGLITE_DATA_DIR: join(dir, "pglite") });
    expect(code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.hospitals.map((h: { code: string }) => h.code)).toEqual(["HDB-0001"]);
    expect(manifest.register.from).toBe("database");
    expect(err.mock.calls.flat().join("\n")).toContain("in force in the database (1 hospitals)");
  }, 60_000);

  it("says how to get a register when the database has none in force", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const code = await run(["--claims", "10", "--period", "2026-09", "--out", join(dir, "none"), "--quiet", "--register", "database"], { PGLITE_DATA_DIR: join(dir, "empty") });
    expect(code).toBe(1);
    expect(err.mock.calls.flat().join("\n")).toMatch(/no hospital register in force on 2026-09.*casemix config seed-demo/);
  }, 60_000);
});
