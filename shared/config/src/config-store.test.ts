import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { demoDefinitionDir, groupClaim } from "@casemix/grouper";
import { createConfigStore } from "./config-store.ts";
import { importDefinitionDir } from "./importers.ts";
import { createMemoryConfigCache } from "./memory-cache.ts";
import { createDraft, publishedEvent, publishVersion } from "./repository.ts";

let db: TestDb;
beforeEach(async () => void (db = await createTestPglite()));
afterEach(async () => db.close());

const claim = { sex: "M", ageYears: 70, ageDays: null, birthWeight: null, los: 4, dischargeStatus: "1", department: null, principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"], procedures: [] };

describe("createConfigStore", () => {
  it("seeds the demo definition, tariff and register into an empty database and serves them", async () => {
    const store = createConfigStore({ db, cache: createMemoryConfigCache() });
    const { version, definition } = await store.definitionFor("2027-01-15");
    expect(version.label).toBe("demo 2026.1");
    expect(groupClaim(definition, claim).drg).toBe("05M2-III");
    expect((await store.tariffFor("2027-01-15")).tariff.versionId).toBe("my-demo@1");
    const hospitals = await store.hospitalsFor("2027-01-15");
    expect(hospitals.byCode.size).toBeGreaterThan(0);
    const [code] = hospitals.byCode.keys();
    expect((await store.hospital(code, "2027-01-15"))?.code).toBe(code);
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from config_version where status = 'published'");
    expect(rows[0].n).toBe(3);
  });

  it("seeds once, even for two stores starting together", async () => {
    const a = createConfigStore({ db, cache: createMemoryConfigCache() });
    const b = createConfigStore({ db, cache: createMemoryConfigCache() });
    await Promise.all([a.ensureSeeded(), b.ensureSeeded()]);
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from config_version");
    expect(rows[0].n).toBe(3);
  });

  it("never seeds a kind that already has a version", async () => {
    await createDraft(db, importDefinitionDir(demoDefinitionDir, "package", { label: "own" }));
    await createConfigStore({ db, cache: createMemoryConfigCache() }).ensureSeeded();
    const { rows } = await db.query<{ label: string }>("select label from config_version where kind = 'definition'");
    expect(rows.map((r) => r.label)).toEqual(["own"]);
  });

  it("answers E_CONFIG_NOT_IN_FORCE for a date no published version covers", async () => {
    const store = createConfigStore({ db, cache: createMemoryConfigCache(), seedDemo: false });
    await expect(store.definitionFor("2027-01-15")).rejects.toMatchObject({ code: "E_CONFIG_NOT_IN_FORCE" });
  });

  it("compiles a version once and shares its raw content through the cache", async () => {
    const cache = createMemoryConfigCache();
    const store = createConfigStore({ db, cache });
    const first = await store.definitionFor("2027-01-15");
    expect(await store.definitionFor("2027-02-01")).toBe(first);
    expect(await cache.get(`config:content:${first.version.id}`)).toBeDefined();
  });

  it("config.published makes a newer version in force at once", async () => {
    const store = createConfigStore({ db, cache: createMemoryConfigCache(), indexTtlMs: 60_000 });
    const before = await store.definitionFor("2027-03-01");
    const v2 = await createDraft(db, importDefinitionDir(demoDefinitionDir, "package", { effectiveFrom: "2027-01-01", label: "demo v2" }));
    const published = await publishVersion(db, v2.id);
    expect((await store.definitionFor("2027-03-01")).version.id).toBe(before.version.id); // not told yet
    expect(store.handleEvent(publishedEvent(published) as never)).toBe(true);
    expect((await store.definitionFor("2027-03-01")).version.label).toBe("demo v2");
    expect((await store.definitionFor("2026-12-31")).version.id).toBe(before.version.id);
  });

  it("falls back to the database when the cached content does not match its sha256", async () => {
    const cache = createMemoryConfigCache();
    const seeder = createConfigStore({ db, cache });
    const { version } = await seeder.definitionFor("2027-01-15");
    await cache.set(`config:content:${version.id}`, JSON.stringify({ tampered: true }));
    const fresh = createConfigStore({ db, cache });
    expect((await fresh.definitionFor("2027-01-15")).package.manifest.id).toBe("demo");
  });
});
