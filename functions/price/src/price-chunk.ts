import { PRICED_COLUMNS } from "@casemix/claims";
import type { Queryable } from "@casemix/db";
import { ClaimsChunkGroupedDataSchema, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { readCheckedChunk, type HandlerResult, type RefusedRows } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";
import { adjustmentRunId, batchRunId, chunkPricedEvent, joinGroupedRows } from "./grouped.ts";
import { beginPeriodRun, finishPeriodChunk, openPeriods, periodStatuses } from "./period-store.ts";
import { priceInputs, sumSen, type PricedClaim } from "./price-inputs.ts";
import { currentPriceParams, insertPriceRows, loadCurrentTotals, priceRowParams, upsertCurrentPrices } from "./price-store.ts";
import type { PricingConfigSource } from "./pricing-config.ts";

export type PriceDeps = {
  store: ObjectStore;
  config: PricingConfigSource;
  /** Claims per period chunk; default 10,000 (DESIGN.md). Tests use fewer to exercise many chunks. */
  periodChunkSize?: number;
};

/**
 * `claims.chunk.grouped` -> `claims.chunk.priced`: prices every grouped claim of the chunk with the
 * tariff and register in force on its discharge date, writes the priced chunk object, and in one
 * transaction appends the price rows (each with the inputs it was priced from, which month-end reprices
 * from) and points each claim at its new price.
 * Claims of a period that is closing or closed go into an adjustment run of that period (their rows
 * record the difference from what was paid; nothing is overwritten), which completes at once with
 * its own `period.priced` (runKind adjustment); the run is recorded on each late claim's row. The
 * chunk stays its batch's: flag-outlier settles its claims and counts it like any other.
 * A claim whose price row the database refuses (`refused`, found by the runtime on an earlier try)
 * goes on unpriceable with E_VALUE_REFUSED and nothing of it stored, so flag-outlier holds it for review
 * and the rest of the chunk is priced as usual.
 */
export async function priceGroupedChunk(event: CasemixEvent, db: Queryable, deps: PriceDeps, now: Date, refused: RefusedRows = new Map()): Promise<HandlerResult> {
  const data = ClaimsChunkGroupedDataSchema.parse(event.data);
  const grouped = await readCheckedChunk(deps.store, data, "objectKey");
  const landing = await readCheckedChunk(deps.store, data.landing, "landing");
  const inputs = joinGroupedRows(grouped, landing, data.batchId);
  const periods = [...new Set(inputs.map((i) => i.period))].sort();
  const statuses = await periodStatuses(db, periods);
  const previous = await loadCurrentTotals(db, inputs.map((i) => i.claimId));
  const lookup = await deps.config.lookup(inputs.map((i) => i.dischargeDate));
  const batchRun = batchRunId(data.batchId);
  const runOf = (period: string) => ((statuses.get(period) ?? "open") === "open" ? batchRun : adjustmentRunId(period, event.id));
  const priced = priceInputs(inputs, lookup, (i) => runOf(i.period), previous).map((p) => withRefusal(p, refused));
  // What is stored: every claim but those whose row the database refused.
  const stored = priced.filter((p) => !isRefused(p, refused));

  const ok = priced.filter((p) => p.price);
  // Every claim of the chunk goes on, the unpriceable ones with their error code (total 0), so that
  // flag-outlier holds them for review instead of leaving them short of a terminal state.
  const written = writeChunk(
    PRICED_COLUMNS,
    priced.map((p) => ({
      rowNo: p.input.rowNo, claimId: p.input.claimId, version: p.input.version, tariffVersionId: p.tariffVersionId, drg: p.input.drg,
      totalSen: p.totalSen, errorCode: p.errorCode ?? null,
    })),
    { metadata: { batchId: data.batchId, inputEventId: event.id } },
  );
  // A try after rows were refused writes other bytes: its own key (no committed event names the first try's).
  const objectKey = `price/${data.batchId}/${data.chunkId}/${event.id}${refused.size > 0 ? "-isolated" : ""}.parquet`;
  await deps.store.putOnce(objectKey, written.bytes);

  const adjustments = periods.filter((p) => runOf(p) !== batchRun);
  const tariffIds = [...new Set(ok.map((p) => p.tariffVersionId))];
  const registerIds = [...new Set(ok.map((p) => p.registerVersionId).filter((r): r is string => r !== null))];
  const reply = chunkPricedEvent(event, data, { objectKey, sha256: written.sha256, rowCount: written.rowCount }, {
    priced: ok.length,
    totalSen: sumSen(ok.map((p) => p.totalSen)),
    tariffVersionId: tariffIds.length === 1 ? tariffIds[0] : undefined,
    registerVersionId: registerIds.length === 1 ? registerIds[0] : undefined,
    runId: adjustments.length === periods.length && adjustments.length === 1 ? runOf(adjustments[0]) : undefined,
  });

  const keys = new Map<string, { key: string; tariffVersionIds: string[] }>();
  for (const period of adjustments) keys.set(period, await deps.config.configKey(period));
  const rowWrites = claimRowWrites(data.batchId, batchRun, stored);
  return {
    reply,
    write: async (tx) => {
      // Sent at once (run in order, back to back: no round trip between them), awaited together.
      await Promise.all([
        rowWrites(tx),
        openPeriods(tx, periods),
        priced.some((p) => p.runId === batchRun)
          ? tx.query("insert into run (id, kind, subject) values ($1, 'price-batch', $2) on conflict (id) do nothing", [batchRun, data.batchId])
          : undefined,
      ]);
      for (const period of adjustments) await recordAdjustment(tx, period, runOf(period), stored, keys.get(period)!, now, event.traceparent);
    },
    isolate: {
      rows: stored.map((p) => p.input.rowNo).filter((r): r is number => r !== null),
      write: (tx, rows) => {
        const some = new Set(rows);
        return claimRowWrites(data.batchId, batchRun, stored.filter((p) => p.input.rowNo !== null && some.has(p.input.rowNo)))(tx);
      },
    },
  };
}

/**
 * The per-claim writes of a chunk (price rows, current prices, the adjustment run on late claims' rows),
 * their parameters built now, before the transaction: the write only sends them, so the connection does
 * not wait inside the transaction while this thread builds 35 columns of 10,000 rows.
 */
function claimRowWrites(batchId: string, batchRun: string, stored: readonly PricedClaim[]): (tx: Queryable) => Promise<void> {
  const rowParams = stored.length === 0 ? undefined : priceRowParams(stored);
  const currentParams = stored.length === 0 ? undefined : currentPriceParams(stored);
  const late = stored.filter((p) => p.runId !== batchRun && p.input.rowNo !== null);
  const lateParams = late.length === 0 ? undefined : [batchId, late.map((p) => p.input.rowNo), late.map((p) => p.runId)];
  return async (tx) => {
    await Promise.all([
      rowParams && insertPriceRows(tx, rowParams),
      currentParams && upsertCurrentPrices(tx, currentParams),
      lateParams && recordAdjustmentRuns(tx, lateParams),
    ]);
  };
}

const isRefused = (p: PricedClaim, refused: RefusedRows) => p.input.rowNo !== null && refused.has(p.input.rowNo);

/** A claim whose row the database refused: unpriceable with the refusal (E_VALUE_REFUSED), total 0. */
function withRefusal(p: PricedClaim, refused: RefusedRows): PricedClaim {
  const error = p.input.rowNo === null ? undefined : refused.get(p.input.rowNo);
  if (!error) return p;
  const { price: _price, ...rest } = p;
  return { ...rest, errorCode: error.code, errorMessage: error.message, totalSen: 0, deltaSen: 0 };
}

/**
 * The adjustment run each late claim went into, on its claim row: the batch status and the result file
 * show it (the row's state is still flag-outlier's to set, as for any claim).
 */
async function recordAdjustmentRuns(tx: Queryable, params: unknown[]): Promise<void> {
  await tx.query(
    `update claim_row r set adjustment_run_id = t.run_id
       from unnest($2::int[], $3::text[]) as t(row_no, run_id)
      where r.batch_id = $1 and r.row_no = t.row_no`,
    params,
  );
}

async function recordAdjustment(
  tx: Queryable,
  period: string,
  runId: string,
  priced: readonly PricedClaim[],
  { key, tariffVersionIds }: { key: string; tariffVersionIds: string[] },
  now: Date,
  traceparent: string | undefined,
): Promise<void> {
  const claimCount = priced.filter((p) => p.runId === runId).length;
  await beginPeriodRun(tx, { runId, period, kind: "adjustment", configKey: key, tariffVersionIds, chunksTotal: 1, claimCount });
  await finishPeriodChunk(tx, runId, { claims: claimCount }, { traceparent, now });
}
