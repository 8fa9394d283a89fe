import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "./create-db.ts";
import { loadMigrations, migrate, migrationStatus } from "./migrate.ts";

describe("loadMigrations", () => {
  it("orders the numbered files and fingerprints each", async () => {
    const migrations = await loadMigrations();
    expect(migrations[0]).toMatchObject({ version: 1, name: "0001_platform.sql" });
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
    expect(migrations[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects a file whose name has no four-digit number", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-migrations-"));
    try {
      await writeFile(join(dir, "platform.sql"), "select 1;");
      await expect(loadMigrations(dir)).rejects.toMatchObject({ code: "E_DB_MIGRATION_FILE" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("migrate on a fresh PGlite", () => {
  it("applies every file, then reports them all applied", async () => {
    const db = await createDb({});
    try {
      expect(db.kind).toBe("pglite");
      const names = (await loadMigrations()).map((m) => m.name);
      expect((await migrationStatus(db)).every((s) => !s.applied)).toBe(true);
      expect((await migrate(db)).applied).toEqual(names);
      expect(await migrationStatus(db)).toEqual(names.map((name) => ({ name, applied: true })));
    } finally {
      await db.close();
    }
  });
});
