import type { DeadLetter, DeadLetterStore } from "@casemix/bus";
import type { Db } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";

/** Dead letters of the embedded mesh, kept in the database so `casemix dlq` sees them after a restart. */
export function createDbDeadLetterStore(db: Db): DeadLetterStore {
  type Row = { id: string; route: string; event: CasemixEvent | string; status: number; reason: string; attempts: number; at: string };
  const toLetter = (r: Row): DeadLetter => ({
    id: r.id,
    route: r.route,
    event: typeof r.event === "string" ? JSON.parse(r.event) : r.event,
    status: Number(r.status),
    reason: r.reason,
    attempts: Number(r.attempts),
    at: String(r.at),
  });
  return {
    add: async (l) => {
      await db.query(
        `INSERT INTO dead_letter (id, route, event, status, reason, attempts) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason, attempts = excluded.attempts, at = now()`,
        [l.id, l.route, JSON.stringify(l.event), l.status, l.reason, Math.max(1, l.attempts)],
      );
    },
    list: async () => (await db.query<Row>("SELECT * FROM dead_letter ORDER BY at, id")).rows.map(toLetter),
    take: async (id) => {
      const { rows } = await db.query<Row>("DELETE FROM dead_letter WHERE id = $1 RETURNING *", [id]);
      return rows[0] ? toLetter(rows[0]) : undefined;
    },
  };
}
