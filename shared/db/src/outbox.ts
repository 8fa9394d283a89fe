import type { Db, Queryable } from "./port.ts";
import type { StoredEvent } from "./processed-event.ts";
import { withCaller } from "./audit.ts";

/** An outbox row; ids are bigserial, read as strings like every int8. */
export type OutboxRow = { id: string; event: StoredEvent; createdAt: string };

/**
 * Appends events to the outbox inside the caller's transaction, in order, in one statement, each
 * stamped with the person the current call acts for (audit.ts withCaller) unless it names one.
 * Returns their ids.
 */
export async function appendOutbox(tx: Queryable, events: readonly StoredEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `insert into outbox (event)
     select e from jsonb_array_elements($1::jsonb) with ordinality as t(e, n) order by n
     returning id`,
    [JSON.stringify(withCaller(events))],
  );
  return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/**
 * Locks up to `limit` unpublished rows, oldest first, for the caller's transaction. On PostgreSQL
 * `skip locked` lets several relays run side by side without publishing a row twice.
 */
export async function claimOutboxBatch(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<{ id: string; event: StoredEvent; created_at: string }>(
    `select id, event, created_at from outbox
     where published_at is null
     order by id
     limit $1
     for update skip locked`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, event: r.event, createdAt: r.created_at }));
}

/** Marks rows published; returns how many changed. */
export async function markOutboxPublished(tx: Queryable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await tx.query(
    "update outbox set published_at = now() where id = any($1::bigint[]) and published_at is null",
    [ids],
  );
  return rowCount;
}

/**
 * One relay step: claims a batch, hands it to `publish` (the broker send), and marks it published
 * in the same transaction. When `publish` throws, the transaction rolls back and the rows stay
 * unpublished for the next attempt: delivery is at least once, never lost.
 * Returns how many events were published (0: the outbox is empty).
 */
export async function relayOutboxBatch(
  db: Db,
  publish: (events: StoredEvent[]) => Promise<void>,
  limit = 100,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await claimOutboxBatch(tx, limit);
    if (rows.length === 0) return 0;
    await publish(rows.map((r) => r.event));
    await markOutboxPublished(tx, rows.map((r) => r.id));
    return rows.length;
  });
}
