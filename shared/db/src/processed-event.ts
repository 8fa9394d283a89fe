import { DbError } from "./errors.ts";
import type { Queryable } from "./port.ts";

/** A structured-mode CloudEvent as stored in jsonb columns. */
export type StoredEvent = Record<string, unknown>;

export type ProcessedEventKey = { consumer: string; source: string; id: string };

export type ProcessedEvent = ProcessedEventKey & {
  type?: string;
  status: number;
  reply: StoredEvent | null;
  createdAt: string;
};

type ProcessedRow = { consumer: string; source: string; id: string; type: string | null; status: number; reply: StoredEvent | null; created_at: string };

const columns = "consumer, source, id, type, status, reply, created_at";

function fromRow(r: ProcessedRow): ProcessedEvent {
  return {
    consumer: r.consumer,
    source: r.source,
    id: r.id,
    ...(r.type ? { type: r.type } : {}),
    status: Number(r.status),
    reply: r.reply,
    createdAt: r.created_at,
  };
}

/** Looks up the idempotency record of an event; undefined when it was never handled. */
export async function findProcessedEvent(q: Queryable, key: ProcessedEventKey): Promise<ProcessedEvent | undefined> {
  const { rows } = await q.query<ProcessedRow>(
    `select ${columns} from processed_event where consumer = $1 and source = $2 and id = $3`,
    [key.consumer, key.source, key.id],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export type RecordOutcome = { recorded: true; record: ProcessedEvent } | { recorded: false; existing: ProcessedEvent };

/**
 * Records that `consumer` handled an event, with the status and reply it answered. Call it inside
 * the transaction of the handler's effect. When another delivery of the same event committed first
 * (the insert waits for it on the primary key), returns `{ recorded: false, existing }`: the caller
 * should roll back its effect (throw) and answer with `existing.reply`.
 *
 * @example
 * const outcome = await db.transaction(async (tx) => {
 *   await applyEffect(tx);
 *   const o = await recordProcessedEvent(tx, { consumer: "validate", source, id, status: 200, reply });
 *   if (!o.recorded) throw new DuplicateDelivery(o.existing);
 *   return o;
 * });
 */
export async function recordProcessedEvent(
  tx: Queryable,
  event: ProcessedEventKey & { type?: string; status: number; reply?: StoredEvent | null },
): Promise<RecordOutcome> {
  // The reply is serialised here so both drivers store the same jsonb (pg would turn a JS array
  // into a PostgreSQL array literal).
  const { rows } = await tx.query<ProcessedRow>(
    `insert into processed_event (consumer, source, id, type, status, reply)
     values ($1, $2, $3, $4, $5, $6::jsonb)
     on conflict (consumer, source, id) do nothing
     returning ${columns}`,
    [event.consumer, event.source, event.id, event.type ?? null, event.status, event.reply == null ? null : JSON.stringify(event.reply)],
  );
  if (rows[0]) return { recorded: true, record: fromRow(rows[0]) };
  const existing = await findProcessedEvent(tx, event);
  if (!existing) throw new DbError("E_DB_CONFLICT", "processed_event conflict without a row: it was deleted concurrently", { retryable: true });
  return { recorded: false, existing };
}
