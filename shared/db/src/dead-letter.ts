import type { Queryable } from "./port.ts";
import type { StoredEvent } from "./processed-event.ts";

/** A dead-lettered event, in the shape of the bus port's DeadLetter. */
export type DeadLetterRow = {
  id: string;
  route: string;
  event: StoredEvent;
  status: number;
  reason: string;
  attempts: number;
  /** ISO 8601; defaults to now() when added. */
  at: string;
};

type Row = { id: string; route: string; event: StoredEvent; status: number; reason: string; attempts: number; at: string };

const fromRow = (r: Row): DeadLetterRow => ({ ...r, status: Number(r.status), attempts: Number(r.attempts) });

/** Stores a dead letter; adding the same id again changes nothing (the bus may dead-letter twice). */
export async function addDeadLetter(q: Queryable, letter: Omit<DeadLetterRow, "at"> & { at?: string }): Promise<void> {
  await q.query(
    `insert into dead_letter (id, route, event, status, reason, attempts, at)
     values ($1, $2, $3::jsonb, $4, $5, $6, coalesce($7::timestamptz, now()))
     on conflict (id) do nothing`,
    [letter.id, letter.route, JSON.stringify(letter.event), letter.status, letter.reason, letter.attempts, letter.at ?? null],
  );
}

/** Lists dead letters oldest first, optionally for one route. */
export async function listDeadLetters(q: Queryable, options: { route?: string; limit?: number } = {}): Promise<DeadLetterRow[]> {
  const { rows } = await q.query<Row>(
    `select id, route, event, status, reason, attempts, at from dead_letter
     where ($1::text is null or route = $1)
     order by at, id
     limit $2`,
    [options.route ?? null, options.limit ?? 1000],
  );
  return rows.map(fromRow);
}

/** Removes a dead letter and returns it (for replay); undefined when it is not there. */
export async function takeDeadLetter(q: Queryable, id: string): Promise<DeadLetterRow | undefined> {
  const { rows } = await q.query<Row>(
    "delete from dead_letter where id = $1 returning id, route, event, status, reason, attempts, at",
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}
