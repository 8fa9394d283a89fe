import { DbError } from "./errors.ts";
import type { Queryable } from "./port.ts";

export type RunStatus = "running" | "completed" | "failed";

export type RunRow = {
  id: string;
  kind: string;
  subject: string | null;
  status: RunStatus;
  chunksTotal: number | null;
  chunksDone: number;
  counts: Record<string, number>;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

type Row = {
  id: string; kind: string; subject: string | null; status: RunStatus; chunks_total: number | null; chunks_done: number;
  counts: Record<string, number>; started_at: string; updated_at: string; finished_at: string | null;
};

const columns = "id, kind, subject, status, chunks_total, chunks_done, counts, started_at, updated_at, finished_at";

const fromRow = (r: Row): RunRow => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  status: r.status,
  chunksTotal: r.chunks_total,
  chunksDone: r.chunks_done,
  counts: r.counts,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

/** Starts a run; starting the same id again (a redelivered event) returns the existing one. */
export async function startRun(
  q: Queryable,
  run: { id: string; kind: string; subject?: string; chunksTotal?: number },
): Promise<RunRow> {
  await q.query(
    `insert into run (id, kind, subject, chunks_total) values ($1, $2, $3, $4) on conflict (id) do nothing`,
    [run.id, run.kind, run.subject ?? null, run.chunksTotal ?? null],
  );
  const { rows } = await q.query<Row>(`select ${columns} from run where id = $1`, [run.id]);
  return fromRow(rows[0]);
}

/**
 * Counts one finished chunk and adds its counts, in a single `UPDATE ... RETURNING`: of all the
 * concurrent last chunks exactly one sees `last: true` and the run marked completed, so the
 * completion event is emitted once (DESIGN.md, "A long job ...").
 * Call it once per chunk, in the chunk's transaction (its idempotency record guards redelivery).
 */
export async function completeRunChunk(
  tx: Queryable,
  runId: string,
  counts: Record<string, number> = {},
): Promise<{ run: RunRow; last: boolean }> {
  const { rows } = await tx.query<Row>(
    `update run set
       chunks_done = chunks_done + 1,
       counts = (select coalesce(jsonb_object_agg(k, coalesce((run.counts->>k)::bigint, 0) + coalesce((add->>k)::bigint, 0)), '{}'::jsonb)
                 from jsonb_object_keys(run.counts || add) as k),
       status = case when chunks_total is not null and chunks_done + 1 >= chunks_total then 'completed' else status end,
       finished_at = case when chunks_total is not null and chunks_done + 1 >= chunks_total then now() else finished_at end,
       updated_at = now()
     from (select $2::jsonb as add) as a
     where run.id = $1 and run.status = 'running'
     returning ${columns.split(", ").map((c) => `run.${c}`).join(", ")}`,
    [runId, JSON.stringify(counts)],
  );
  if (!rows[0]) throw new DbError("E_DB_NOT_FOUND", `run ${runId} does not exist or is no longer running`);
  const run = fromRow(rows[0]);
  return { run, last: run.status === "completed" };
}
