import { randomBytes } from "node:crypto";
import { appendOutbox, auditCall, type Db, type Queryable } from "@casemix/db";
import { createEvent, EventTypes } from "@casemix/events";
import { contentSha256 } from "./canonical.ts";
import { inclusiveEnd, isIsoDate } from "./dates.ts";
import { ConfigError, type ConfigDraft, type ConfigKind, type ConfigVersion } from "./types.ts";

/**
 * SQL access to `config_version` (migration 0200). Published rows are immutable: the table's trigger
 * refuses any update or delete of them, whatever code runs.
 */

const COLUMNS = `id, kind, label, effective_from::text as effective_from, effective_to::text as effective_to, status, sha256, source,
  created_at, published_at`;

type VersionRow = {
  id: string; kind: ConfigKind; label: string; effective_from: string; effective_to: string | null; status: "draft" | "published";
  sha256: string; source: string | null; created_at: string | Date; published_at: string | Date | null;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

function toVersion(r: VersionRow): ConfigVersion {
  return {
    id: r.id, kind: r.kind, label: r.label, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, status: r.status,
    sha256: r.sha256, source: r.source, createdAt: iso(r.created_at)!, publishedAt: iso(r.published_at),
  };
}

/** A new version id: `cfg_` and 20 random hex digits. */
export const newConfigId = (): string => `cfg_${randomBytes(10).toString("hex")}`;

function checkRange(from: string, to: string | null): void {
  if (!isIsoDate(from)) throw new ConfigError("E_CONFIG_DATE", `effectiveFrom "${from}" is not a date YYYY-MM-DD`);
  if (to !== null && !isIsoDate(to)) throw new ConfigError("E_CONFIG_DATE", `effectiveTo "${to}" is not a date YYYY-MM-DD`);
  if (to !== null && to <= from) throw new ConfigError("E_CONFIG_RANGE", `effectiveTo ${to} (exclusive) must be after effectiveFrom ${from}`);
}

/** Stores a draft version; returns it. The content must already be validated by its importer. */
export async function createDraft(db: Queryable, draft: ConfigDraft, id = newConfigId()): Promise<ConfigVersion> {
  checkRange(draft.effectiveFrom, draft.effectiveTo);
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query<VersionRow>(
      `insert into config_version (id, kind, label, effective_from, effective_to, content, sha256, source)
       values ($1, $2, $3, $4::date, $5::date, $6::jsonb, $7, $8) returning ${COLUMNS}`,
      [id, draft.kind, draft.label, draft.effectiveFrom, draft.effectiveTo, JSON.stringify(draft.content), contentSha256(draft.content), draft.source ?? null],
    );
    await auditCall(tx, "config.import", id, { kind: draft.kind, sha256: rows[0].sha256 });
    return toVersion(rows[0]);
  });
}

/** A Db opens a transaction (the change and its audit record commit together); a transaction is used as it is. */
function inTransaction<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return "transaction" in db ? (db as Db).transaction(fn) : fn(db);
}

/**
 * Publishes a draft: from now on it is immutable. `config.published` is appended to the outbox in the
 * same transaction, so the event is sent if and only if the version is published.
 */
export async function publishVersion(db: Db, id: string, now: Date = new Date()): Promise<ConfigVersion> {
  return db.transaction((tx) => publishWithin(tx, id, now));
}

/** `publishVersion` inside the caller's transaction. */
export async function publishWithin(tx: Queryable, id: string, now: Date): Promise<ConfigVersion> {
  {
    const { rows } = await tx.query<VersionRow>(`select ${COLUMNS} from config_version where id = $1 for update`, [id]);
    if (rows.length === 0) throw new ConfigError("E_CONFIG_NOT_FOUND", `no configuration version ${id}`, 404);
    if (rows[0].status === "published") throw new ConfigError("E_CONFIG_PUBLISHED", `${id} is already published (published versions are immutable)`, 409);
    const updated = await tx.query<VersionRow>(
      `update config_version set status = 'published', published_at = $2 where id = $1 returning ${COLUMNS}`,
      [id, now.toISOString()],
    );
    const version = toVersion(updated.rows[0]);
    await appendOutbox(tx, [publishedEvent(version)]);
    await auditCall(tx, "config.publish", id, { kind: version.kind, sha256: version.sha256 });
    return version;
  }
}

/** The `config.published` event of a published version; its id derives from the version id. */
export function publishedEvent(v: ConfigVersion) {
  return createEvent({
    type: EventTypes.configPublished,
    from: "admin-config",
    causeId: v.id,
    time: v.publishedAt!,
    data: {
      kind: v.kind,
      versionId: v.id,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: inclusiveEnd(v.effectiveTo),
      sha256: v.sha256,
      publishedAt: v.publishedAt!,
    },
  }) as unknown as Record<string, unknown>;
}

/** Deletes a draft (a published version cannot be deleted: the trigger refuses it). */
export async function deleteDraft(db: Queryable, id: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const { rowCount } = await tx.query("delete from config_version where id = $1 and status = 'draft'", [id]);
    if (rowCount > 0) await auditCall(tx, "config.delete", id);
    return rowCount > 0;
  });
}

/** Versions, newest first; optionally of one kind and/or one status. */
export async function listVersions(db: Queryable, filter: { kind?: ConfigKind; status?: "draft" | "published" } = {}): Promise<ConfigVersion[]> {
  const { rows } = await db.query<VersionRow>(
    `select ${COLUMNS} from config_version
     where ($1::text is null or kind = $1) and ($2::text is null or status = $2)
     order by created_at desc, id desc`,
    [filter.kind ?? null, filter.status ?? null],
  );
  return rows.map(toVersion);
}

/** One version without its content, or undefined. */
export async function getVersion(db: Queryable, id: string): Promise<ConfigVersion | undefined> {
  const { rows } = await db.query<VersionRow>(`select ${COLUMNS} from config_version where id = $1`, [id]);
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/** The content of a version (the validated package, tariff or register), or undefined. */
export async function loadContent(db: Queryable, id: string): Promise<unknown> {
  const { rows } = await db.query<{ content: unknown }>("select content from config_version where id = $1", [id]);
  return rows[0]?.content;
}

/**
 * The version in force for a date (DESIGN.md "Claims, dates and versions"): the latest published
 * version of the kind whose range [effectiveFrom, effectiveTo) covers the date.
 */
export async function versionInForce(db: Queryable, kind: ConfigKind, date: string): Promise<ConfigVersion | undefined> {
  const { rows } = await db.query<VersionRow>(
    `select ${COLUMNS} from config_version
     where kind = $1 and status = 'published' and effective_from <= $2::date and (effective_to is null or effective_to > $2::date)
     order by published_at desc, id desc limit 1`,
    [kind, date],
  );
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/** The same rule over versions already in memory (the loader's index). */
export function pickInForce(published: readonly ConfigVersion[], date: string): ConfigVersion | undefined {
  let best: ConfigVersion | undefined;
  for (const v of published) {
    if (v.status !== "published" || v.effectiveFrom > date || (v.effectiveTo !== null && v.effectiveTo <= date)) continue;
    if (!best || v.publishedAt! > best.publishedAt! || (v.publishedAt === best.publishedAt && v.id > best.id)) best = v;
  }
  return best;
}
