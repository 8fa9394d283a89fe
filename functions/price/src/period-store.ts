import { appendOutbox, completeRunChunk, startRun, type Queryable } from "@casemix/db";
import { deriveEventId, EventTypes, type CasemixEvent, type PeriodPricedData } from "@casemix/events";
import { childTraceparent } from "@casemix/runtime";

/** Claims per period chunk (DESIGN.md "Shape": one reprice event per 10k claims). */
export const PERIOD_CHUNK_SIZE = 10_000;

/**
 * Bounds that enclose every claim id (`clm_<hex>`): the first slice starts at "clm_" and the last ends
 * at "clm_~" ('~' sorts after every id character), so a claim that arrives between planning and
 * repricing at either end of the id range is still inside a slice.
 */
export const LOWEST_CLAIM_ID = "clm_";
export const HIGHEST_CLAIM_ID = "clm_~";

export type Slice = { firstClaimId: string; lastClaimId: string; claimCount: number };

/** Plans a period run: keyset slices of at most `size` current claim versions, computed in the database. */
export async function planSlices(q: Queryable, period: string, size = PERIOD_CHUNK_SIZE): Promise<Slice[]> {
  const { rows } = await q.query<{ first: string; last: string; n: number | string }>(
    `select min(claim_id) as first, max(claim_id) as last, count(*) as n from (
       select pc.claim_id, (row_number() over (order by pc.claim_id) - 1) / $2 as g
         from price_current pc join claim c on c.claim_id = pc.claim_id and c.current_version = pc.version
        where pc.period = $1) s
     group by g order by g`,
    [period, size],
  );
  const slices = rows.map((r) => ({ firstClaimId: r.first, lastClaimId: r.last, claimCount: Number(r.n) }));
  if (slices.length > 0) {
    slices[0].firstClaimId = LOWEST_CLAIM_ID;
    slices[slices.length - 1].lastClaimId = HIGHEST_CLAIM_ID;
  }
  return slices;
}

export type PeriodStatus = "open" | "closing" | "closed";

/** Status of each period (absent: never seen, i.e. open). */
export async function periodStatuses(q: Queryable, periods: readonly string[]): Promise<Map<string, PeriodStatus>> {
  const { rows } = await q.query<{ period: string; status: PeriodStatus }>("select period, status from period where period = any($1::text[])", [periods]);
  return new Map(rows.map((r) => [r.period, r.status]));
}

/** Records the periods a chunk's claims belong to, open unless already known. */
export async function openPeriods(tx: Queryable, periods: readonly string[]): Promise<void> {
  if (periods.length === 0) return;
  await tx.query("insert into period (period) select unnest($1::text[]) on conflict (period) do nothing", [periods]);
}

export type CloseRunInfo = { runId: string; configKey: string; status: string };

/** The latest close run of a period, with its run status. */
export async function lastCloseRun(q: Queryable, period: string): Promise<CloseRunInfo | undefined> {
  const { rows } = await q.query<{ run_id: string; config_key: string; status: string }>(
    `select pr.run_id, pr.config_key, r.status from period_run pr join run r on r.id = pr.run_id
      where pr.period = $1 and pr.kind = 'close' order by pr.created_at desc, pr.run_id desc limit 1`,
    [period],
  );
  return rows[0] && { runId: rows[0].run_id, configKey: rows[0].config_key, status: rows[0].status };
}

export type NewRun = {
  runId: string;
  period: string;
  kind: "close" | "adjustment";
  configKey: string;
  tariffVersionIds: string[];
  chunksTotal: number;
  claimCount: number;
};

/** Starts a period run: the `run` row, its `period_run` row, and for a close the period moves to closing. */
export async function beginPeriodRun(tx: Queryable, run: NewRun): Promise<void> {
  await startRun(tx, { id: run.runId, kind: `period-${run.kind}`, subject: run.period, chunksTotal: run.chunksTotal });
  await tx.query(
    `insert into period_run (run_id, period, kind, config_key, tariff_version_ids, claim_count)
     values ($1, $2, $3, $4, $5::jsonb, $6) on conflict (run_id) do nothing`,
    [run.runId, run.period, run.kind, run.configKey, JSON.stringify(run.tariffVersionIds), run.claimCount],
  );
  if (run.kind === "close") {
    await tx.query(
      `insert into period (period, status, close_run_id) values ($1, 'closing', $2)
       on conflict (period) do update set status = 'closing', close_run_id = excluded.close_run_id, updated_at = now()`,
      [run.period, run.runId],
    );
  }
}

/** A claim of a period run whose new price the database refused (SQLSTATE class 22, 23). */
export type RefusedClaim = { claimId: string; version: number; hospitalCode: string; code: string; message: string };

/**
 * Names the claims of a chunk of a period run whose new price the database refused, with their error
 * (E_VALUE_REFUSED and the rule, never the value): one statement for the chunk. A redelivered chunk
 * changes nothing (its idempotency record answers it before this runs; the key guards a new event).
 */
export async function recordRefusedClaims(tx: Queryable, runId: string, chunkIndex: number, refused: readonly RefusedClaim[]): Promise<void> {
  if (refused.length === 0) return;
  await tx.query(
    `insert into period_run_refused (run_id, claim_id, version, hospital_code, chunk_index, error_code, message)
     select $1, c, v, h, $2, e, m from unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) as t(c, v, h, e, m)
     on conflict (run_id, claim_id, version) do nothing`,
    [runId, chunkIndex, refused.map((r) => r.claimId), refused.map((r) => r.version), refused.map((r) => r.hospitalCode), refused.map((r) => r.code), refused.map((r) => r.message)],
  );
}

/**
 * Counts one finished chunk of a period run (one `UPDATE ... RETURNING`, see completeRunChunk). The
 * chunk that finds the run complete totals it, closes the period and appends `period.priced` to the
 * outbox in the same transaction: exactly once per run.
 */
export async function finishPeriodChunk(
  tx: Queryable,
  runId: string,
  counts: Record<string, number>,
  trace: { traceparent?: string; now: Date },
): Promise<CasemixEvent<PeriodPricedData> | undefined> {
  const { run, last } = await completeRunChunk(tx, runId, counts);
  if (!last) return undefined;
  const { rows } = await tx.query<{ n: string | number; total: string | null; delta: string | null }>(
    "select count(*) as n, coalesce(sum(total_sen), 0)::text as total, coalesce(sum(delta_sen), 0)::text as delta from price where run_id = $1",
    [runId],
  );
  const { n, total, delta } = rows[0];
  const { rows: runRows } = await tx.query<{ period: string; kind: "close" | "adjustment"; tariff_version_ids: string[] | string }>(
    `update period_run set total_sen = $2::bigint, delta_sen = $3::bigint, claim_count = $4 where run_id = $1
     returning period, kind, tariff_version_ids`,
    [runId, total, delta, Number(n)],
  );
  const pr = runRows[0];
  if (pr.kind === "close") {
    await tx.query("update period set status = 'closed', closed_at = now(), updated_at = now() where period = $1 and close_run_id = $2", [pr.period, runId]);
  }
  const tariffVersionIds = typeof pr.tariff_version_ids === "string" ? JSON.parse(pr.tariff_version_ids) : pr.tariff_version_ids;
  const event: CasemixEvent<PeriodPricedData> = {
    specversion: "1.0",
    id: deriveEventId("price", runId, "period.priced"),
    source: "/casemix/price",
    type: EventTypes.periodPriced,
    subject: `period/${pr.period}`,
    time: trace.now.toISOString(),
    traceparent: childTraceparent(trace.traceparent),
    data: {
      period: pr.period,
      runId,
      runKind: pr.kind,
      chunkCount: Math.max(1, run.chunksTotal ?? 1),
      claimCount: Number(n),
      totalSen: total ?? "0",
      deltaSen: delta ?? "0",
      tariffVersionIds: tariffVersionIds.length > 0 ? tariffVersionIds : ["none"],
      pricedAt: trace.now.toISOString(),
    },
  };
  await appendOutbox(tx, [event as never]);
  return event;
}
