import type { Queryable } from "@casemix/db";

export type RunStatusView = {
  runId: string;
  kind: string;
  period: string | null;
  status: string;
  chunksTotal: number | null;
  chunksDone: number;
  counts: Record<string, number>;
  claimCount: number | null;
  totalSen: string | null;
  deltaSen: string | null;
  tariffVersionIds: string[];
  /**
   * Set on a close that changed nothing (the versions in force were those of the last close run, or a
   * run of the period was still going): the run whose prices stand. Such a run priced nothing.
   */
  sameAs: string | null;
  /**
   * Claims whose new price the database refused (E_VALUE_REFUSED, the rule named, never the value):
   * each keeps the price in force before the run. The first {@link REFUSED_LISTED} by claim id;
   * `counts.refused` counts them all.
   */
  refusedClaims: { claimId: string; version: number; hospitalCode: string; code: string; message: string }[];
  startedAt: string;
  finishedAt: string | null;
};

/** How many refused claims a run's answer lists: enough to act on, bounded if a whole period is refused. */
export const REFUSED_LISTED = 100;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

/** A run's progress and, once complete, its totals (exact sen as strings). */
export async function runStatus(q: Queryable, runId: string): Promise<RunStatusView | undefined> {
  const { rows } = await q.query<Record<string, any>>(
    `select r.id, r.kind, r.subject, r.status, r.chunks_total, r.chunks_done, r.counts, r.started_at, r.finished_at, r.same_as,
            pr.period, pr.claim_count, pr.total_sen::text as total_sen, pr.delta_sen::text as delta_sen, pr.tariff_version_ids
       from run r left join period_run pr on pr.run_id = r.id where r.id = $1`,
    [runId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const tariffs = typeof r.tariff_version_ids === "string" ? JSON.parse(r.tariff_version_ids) : (r.tariff_version_ids ?? []);
  const { rows: refused } = await q.query<{ claim_id: string; version: number; hospital_code: string; error_code: string; message: string }>(
    `select claim_id, version, hospital_code, error_code, message from period_run_refused where run_id = $1 order by claim_id, version limit ${REFUSED_LISTED}`,
    [runId],
  );
  return {
    runId: r.id, kind: r.kind, period: r.period ?? (r.same_as ? r.subject : null), status: r.status, chunksTotal: r.chunks_total, chunksDone: r.chunks_done,
    counts: typeof r.counts === "string" ? JSON.parse(r.counts) : r.counts, claimCount: r.claim_count ?? null,
    totalSen: r.total_sen ?? null, deltaSen: r.delta_sen ?? null, tariffVersionIds: tariffs, sameAs: r.same_as ?? null,
    refusedClaims: refused.map((x) => ({ claimId: x.claim_id, version: Number(x.version), hospitalCode: x.hospital_code, code: x.error_code, message: x.message })),
    startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at),
  };
}

export type PeriodView = {
  period: string;
  status: string;
  closeRunId: string | null;
  closedAt: string | null;
  /** What is paid now for the period: the sum of the current price of each claim discharged in it. */
  currentTotalSen: string;
  currentClaims: number;
  runs: { runId: string; kind: string; status: string; totalSen: string | null; deltaSen: string | null; createdAt: string }[];
};

/** A period's status, its current total and its runs, oldest first. */
export async function periodView(q: Queryable, period: string): Promise<PeriodView | undefined> {
  const { rows } = await q.query<Record<string, any>>("select period, status, close_run_id, closed_at from period where period = $1", [period]);
  if (!rows[0]) return undefined;
  const { rows: totals } = await q.query<{ n: string | number; total: string }>(
    "select count(*) as n, coalesce(sum(total_sen), 0)::text as total from price_current where period = $1",
    [period],
  );
  const { rows: runs } = await q.query<Record<string, any>>(
    `select pr.run_id, pr.kind, r.status, pr.total_sen::text as total_sen, pr.delta_sen::text as delta_sen, pr.created_at
       from period_run pr join run r on r.id = pr.run_id where pr.period = $1 order by pr.created_at, pr.run_id`,
    [period],
  );
  return {
    period, status: rows[0].status, closeRunId: rows[0].close_run_id, closedAt: iso(rows[0].closed_at),
    currentTotalSen: totals[0].total, currentClaims: Number(totals[0].n),
    runs: runs.map((r) => ({ runId: r.run_id, kind: r.kind, status: r.status, totalSen: r.total_sen, deltaSen: r.delta_sen, createdAt: iso(r.created_at)! })),
  };
}
