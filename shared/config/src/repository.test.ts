import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { ConfigPublishedDataSchema } from "@casemix/events";
import { contentSha256 } from "./canonical.ts";
import { createDraft, deleteDraft, listVersions, loadContent, pickInForce, publishVersion, versionInForce } from "./repository.ts";
import type { ConfigDraft } from "./types.ts";

const draft = (label: string, from: string, to: string | null, kind: ConfigDraft["kind"] = "tariff"): ConfigDraft => ({
  kind, label, effectiveFrom: from, effectiveTo: to, content: { label, nested: { b: 1, a: [1, 2] } },
});

let db: TestDb;
beforeEach(async () => void (db = await createTestPglite()));
afterEach(async () => db.close());

describe("config_version repository", () => {
  it("stores a draft with the sha256 of its canonical content", async () => {
    const v = await createDraft(db, draft("t1", "2027-01-01", null));
    expect(v).toMatchObject({ kind: "tariff", status: "draft", effectiveFrom: "2027-01-01", effectiveTo: null, publishedAt: null });
    expect(v.id).toMatch(/^cfg_[0-9a-f]{20}$/);
    const content = await loadContent(db, v.id);
    expect(contentSha256(content)).toBe(v.sha256);
  });

  it("publishing appends config.published to the outbox in the same transaction", async () => {
    const v = await createDraft(db, draft("t1", "2027-01-01", "2028-01-01"));
    const published = await publishVersion(db, v.id, new Date("2026-12-01T00:00:00Z"));
    expect(published.status).toBe("published");
    const { rows } = await db.query<{ event: { type: string; subject: string; data: unknown } }>("select event from outbox");
    expect(rows).toHaveLength(1);
    expect(rows[0].event.type).toBe("gov.my.casemix.config.published.v1");
    expect(rows[0].event.subject).toBe(`tariff/${v.id}`);
    const data = ConfigPublishedDataSchema.parse(rows[0].event.data);
    expect(data).toMatchObject({ versionId: v.id, effectiveFrom: "2027-01-01", effectiveTo: "2027-12-31", sha256: v.sha256 });
  });

  it("a published version cannot be published again", async () => {
    const v = await createDraft(db, draft("t1", "2027-01-01", null));
    await publishVersion(db, v.id);
    await expect(publishVersion(db, v.id)).rejects.toMatchObject({ code: "E_CONFIG_PUBLISHED", status: 409 });
  });

  it("the database refuses to change or delete a published version, whoever asks", async () => {
    const v = await createDraft(db, draft("t1", "2027-01-01", null));
    await publishVersion(db, v.id);
    await expect(db.query("update config_version set label = 'x' where id = $1", [v.id])).rejects.toThrow(/immutable/);
    await expect(db.query("update config_version set content = '{}'::jsonb where id = $1", [v.id])).rejects.toThrow(/immutable/);
    await expect(db.query("delete from config_version where id = $1", [v.id])).rejects.toThrow(/immutable/);
  });

  it("a draft can be deleted", async () => {
    const v = await createDraft(db, draft("t1", "2027-01-01", null));
    expect(await deleteDraft(db, v.id)).toBe(true);
    expect(await listVersions(db)).toEqual([]);
  });

  it("refuses a range that ends before it starts", async () => {
    await expect(createDraft(db, draft("t1", "2027-01-01", "2027-01-01"))).rejects.toMatchObject({ code: "E_CONFIG_RANGE" });
  });

  it("the version in force is the latest published one whose [from, to) range covers the date", async () => {
    const old = await createDraft(db, draft("old", "2020-01-01", null));
    await publishVersion(db, old.id, new Date("2026-01-01T00:00:00Z"));
    const y2027 = await createDraft(db, draft("2027", "2027-01-01", "2028-01-01"));
    await publishVersion(db, y2027.id, new Date("2026-06-01T00:00:00Z"));
    await createDraft(db, draft("unpublished", "2020-01-01", null));
    const inForce = async (date: string) => (await versionInForce(db, "tariff", date))?.label;
    expect(await inForce("2026-12-31")).toBe("old");
    expect(await inForce("2027-01-01")).toBe("2027");
    expect(await inForce("2027-12-31")).toBe("2027");
    expect(await inForce("2028-01-01")).toBe("old");
    expect(await inForce("2019-12-31")).toBeUndefined();
    expect(await versionInForce(db, "definition", "2027-06-01")).toBeUndefined();
    const published = await listVersions(db, { kind: "tariff", status: "published" });
    for (const date of ["2019-12-31", "2026-12-31", "2027-01-01", "2027-12-31", "2028-01-01"]) {
      expect(pickInForce(published, date)?.label).toBe(await inForce(date));
    }
  });
});
