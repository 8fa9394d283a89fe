/** Anything that runs SQL and returns rows: a pg.Pool, or @casemix/db's Db (PGlite). */
export type Sql = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * What one function handled in a run, from the idempotency records (`processed_event`) the runtime
 * writes in the same transaction as each handler's effect:
 * - `events`: events handled;
 * - `rows`: the `rowCount` of the chunk events among them (claims in a chunk; rejection rows for a
 *   rejected chunk), found by joining each handled event to where it was emitted (a reply stored in
 *   `processed_event`, or the outbox);
 * - `firstAt`/`lastAt`: the first and last record's time (PostgreSQL's `now()`: the start of the
 *   transaction that recorded it, i.e. just after the handler computed its result).
 * Only records from `since` (the first byte uploaded) count: functions handle a config.published
 * event at start-up, before any claim arrives.
 */
export type FunctionActivity = { name: string; events: number; rows: number; firstAt: Date; lastAt: Date };

export async function functionActivity(db: Sql, since: Date): Promise<FunctionActivity[]> {
  type Row = { consumer: string; events: number; rows: number; first_at: string | Date; last_at: string | Date };
  const { rows } = (await db.query(`
    with emitted as (
      select distinct on (source, id) source, id, row_count from (
        select event->>'source' as source, event->>'id' as id, (event->'data'->>'rowCount')::int as row_count from outbox
        union all
        select reply->>'source', reply->>'id', (reply->'data'->>'rowCount')::int from processed_event where reply is not null
      ) e order by source, id
    )
    select p.consumer, count(*)::int as events, coalesce(sum(e.row_count), 0)::int as rows,
           min(p.created_at) as first_at, max(p.created_at) as last_at
    from processed_event p left join emitted e on e.source = p.source and e.id = p.id
    where p.created_at >= $1
    group by p.consumer order by min(p.created_at)`, [since])) as { rows: Row[] };
  return rows.map((r) => ({ name: r.consumer, events: Number(r.events), rows: Number(r.rows), firstAt: new Date(r.first_at), lastAt: new Date(r.last_at) }));
}

/** When the batches were created (the first) and when the last of them completed: every claim settled. */
export async function batchSpan(db: Sql, batchIds: string[]): Promise<{ firstCreatedAt: Date; lastCompletedAt: Date }> {
  const { rows } = (await db.query(
    "select min(created_at) as first, max(completed_at) as last, count(*) filter (where completed_at is null)::int as open from batch where id = any($1::text[])",
    [batchIds],
  )) as { rows: { first: string | Date; last: string | Date; open: number }[] };
  if (!rows[0] || Number(rows[0].open) > 0) throw new Error(`${rows[0]?.open ?? "all"} batches have no completion time`);
  return { firstCreatedAt: new Date(rows[0].first), lastCompletedAt: new Date(rows[0].last) };
}
