import { PRICED_COLUMNS } from "@casemix/claims";
import { deriveEventId, EventTypes, PeriodChunkScheduledDataSchema, PeriodClosedDataSchema, type CasemixEvent, type PeriodChunkScheduledData } from "@casemix/events";
import type { Queryable } from "@casemix/db";
import { invalid, transient, type HandlerResult, type Logger, type RefusedRows } from "@casemix/runtime";
import { beginPeriodRun, finishPeriodChunk, lastCloseRun, PERIOD_CHUNK_SIZE, planSlices, recordRefusedClaims, type RefusedClaim } from "./period-store.ts";
import { priceInputs, type PricedClaim } from "./price-inputs.ts";
import { appendPrices, loadPeriodSlice, setCurrentPrices } from "./price-store.ts";
import type { PricingConfigSource } from "./pricing-config.ts";
import { writeChunk } from "@casemix/parquet";
import type { ObjectStore } from "@casemix/storage";

/**
 * `period.closed` -> a close run. Closing again while the versions in force over the period are those
 * of the last close run changes nothing: no repricing, no period run; the run id is recorded complete
 * and unchanged, pointing at the run whose prices stand (readable at GET /v1/runs/:runId; logged). A new tariff or register
 * version makes a new run, which reprices every current claim version of the period; the old run's
 * price rows stay as they were. A run id already used is a no-op (it is readable already); a close
 * while a run of the period is still going is recorded unchanged, pointing at that run. The run, its period_run row, the period's move to closing and one
 * `period.chunk.scheduled` per slice of 10,000 claims commit in one transaction (outbox).
 */
export async function closePeriod(
  event: CasemixEvent,
  db: Queryable,
  config: PricingConfigSource,
  log: Logger,
  chunkSize = PERIOD_CHUNK_SIZE,
): Promise<HandlerResult> {
  const data = PeriodClosedDataSchema.parse(event.data);
  if (data.runKind !== "close") throw invalid("E_RUN_KIND", "period.closed starts close runs; adjustment runs come from late claims", "runKind");
  const { rows: existing } = await db.query("select 1 from run where id = $1", [data.runId]);
  if (existing.length > 0) {
    log.info("period close: run id already used, nothing to do", { period: data.period, runId: data.runId });
    return {};
  }
  const { key, tariffVersionIds } = await config.configKey(data.period);
  const last = await lastCloseRun(db, data.period);
  if (last?.status === "running") {
    log.info("period close: a run of the period is still going, nothing changed", { period: data.period, runId: data.runId, sameAs: last.runId });
    return { write: (tx) => recordUnchanged(tx, data.runId, data.period, last.runId) };
  }
  if (last && last.configKey === key) {
    log.info("period close: closed before with the same versions, nothing changed", { period: data.period, runId: data.runId, sameAs: last.runId, configKey: key });
    return { write: (tx) => recordUnchanged(tx, data.runId, data.period, last.runId) };
  }
  const slices = await planSlices(db, data.period, chunkSize);
  const outbox = slices.map((s, i) => {
    const chunk: PeriodChunkScheduledData = {
      period: data.period, runId: data.runId, runKind: "close", chunkIndex: i, chunkCount: slices.length,
      range: { firstClaimId: s.firstClaimId, lastClaimId: s.lastClaimId }, claimCount: s.claimCount,
    };
    return { id: deriveEventId("price", event.id, String(i)), type: EventTypes.periodChunkScheduled, subject: `period/${data.period}`, data: chunk };
  });
  const claimCount = slices.reduce((n, s) => n + s.claimCount, 0);
  return {
    outbox,
    write: async (tx) => {
      // Two closes of one period handled at once (a tick and an admin call) must not both start a run:
      // under the period's lock, a close run started meanwhile makes this one retry, and the retry
      // finds it and does nothing.
      await tx.query("select pg_advisory_xact_lock(hashtext('casemix:period-close:' || $1))", [data.period]);
      const now = await lastCloseRun(tx, data.period);
      if (now && now.runId !== last?.runId) throw transient("E_PERIOD_CLOSE_RACE", `run ${now.runId} of ${data.period} started meanwhile; retry`);
      await beginPeriodRun(tx, { runId: data.runId, period: data.period, kind: "close", configKey: key, tariffVersionIds, chunksTotal: slices.length, claimCount });
      if (slices.length === 0) {
        // Nothing to price: the run is complete at once and the period closed; no period.priced (it needs a chunk).
        await tx.query("update run set status = 'completed', finished_at = now(), updated_at = now() where id = $1", [data.runId]);
        await tx.query("update period_run set total_sen = 0, delta_sen = 0 where run_id = $1", [data.runId]);
        await tx.query("update period set status = 'closed', closed_at = now() where period = $1", [data.period]);
      }
    },
  };
}

/**
 * A close that changes nothing still answered its caller with a run id (POST /v1/periods/:period/close):
 * that run is recorded complete at once, with no price row and no period_run row (the period's runs and
 * its close run stay as they were), pointing at the run whose prices stand, so GET /v1/runs/:runId reads
 * it back. kind `period-close`, `same_as` the standing run.
 */
async function recordUnchanged(tx: Queryable, runId: string, period: string, sameAs: string): Promise<void> {
  await tx.query(
    `insert into run (id, kind, subject, status, chunks_total, chunks_done, finished_at, same_as)
     values ($1, 'period-close', $2, 'completed', 0, 0, now(), $3) on conflict (id) do nothing`,
    [runId, period, sameAs],
  );
}

/**
 * A claim's key in a slice's write (HandlerResult.isolateByKey): a slice spans many batches, so a row
 * number is not unique in it; a claim is there once, at its current version.
 */
export const sliceKey = (input: { claimId: string; version: number }): string => `${input.claimId}@${input.version}`;

/** How many refused claims the log names (the run's GET answer and period_run_refused name them all). */
const LOGGED_REFUSALS = 20;

/**
 * `period.chunk.scheduled`: reprices one slice of a run (one read, one insert of price rows, one
 * update of the current prices), writes the slice's priced rows to
 * `price/<runId>/<chunkIndex>/<event-id>.parquet`, and counts the chunk; the last chunk emits
 * `period.priced`.
 * A claim whose new price the database refuses (`refused`, found by the runtime on an earlier try,
 * SQLSTATE class 22 or 23) keeps the price in force before the run, nothing of it written; the run
 * names it (period_run_refused, E_VALUE_REFUSED) and counts it (`refused`), and the rest of the slice
 * is priced as usual, so one bad claim never strands the period's close.
 */
export async function repriceSlice(
  event: CasemixEvent,
  db: Queryable,
  deps: { config: PricingConfigSource; store: ObjectStore },
  now: Date,
  log: Logger,
  refused: RefusedRows<string> = new Map(),
): Promise<HandlerResult> {
  const { config } = deps;
  const data = PeriodChunkScheduledDataSchema.parse(event.data);
  const { rows } = await db.query<{ status: string }>("select status from run where id = $1", [data.runId]);
  if (rows.length === 0) throw invalid("E_RUN_UNKNOWN", `run ${data.runId} does not exist`, "runId");
  const { inputs, previous } = await loadPeriodSlice(db, data.period, data.range);
  const lookup = await config.lookup(inputs.map((i) => i.dischargeDate));
  const priced = priceInputs(inputs, lookup, () => data.runId, previous);
  const stored = priced.filter((p) => !refused.has(sliceKey(p.input)));
  const refusals = refusedClaims(priced, refused);
  // The slice's priced rows as a chunk object too, so a run can be read (and summed) from the store.
  const ok = stored.filter((p) => p.price);
  const written = writeChunk(
    PRICED_COLUMNS,
    ok.map((p) => ({ rowNo: p.input.rowNo ?? 0, claimId: p.input.claimId, version: p.input.version, tariffVersionId: p.tariffVersionId, drg: p.input.drg, totalSen: p.totalSen, errorCode: null })),
    { metadata: { runId: data.runId, inputEventId: event.id } },
  );
  // A try after claims were refused writes other bytes: its own key (no committed row names the first try's).
  const objectKey = `price/${data.runId}/${String(data.chunkIndex).padStart(5, "0")}/${event.id}${refused.size > 0 ? "-isolated" : ""}.parquet`;
  await deps.store.putOnce(objectKey, written.bytes);
  if (refusals.length > 0) {
    log.warn("period run: the database refused the new price of claims; each keeps the price in force", {
      code: "E_VALUE_REFUSED", runId: data.runId, period: data.period, chunkIndex: data.chunkIndex, refused: refusals.length,
      claims: refusals.slice(0, LOGGED_REFUSALS).map((r) => sliceKey(r)), rules: [...new Set(refusals.map((r) => r.message))],
    });
  }
  return {
    write: async (tx) => {
      await writeClaimPrices(tx, stored);
      await recordRefusedClaims(tx, data.runId, data.chunkIndex, refusals);
      const unpriceable = stored.filter((p) => !p.price).length;
      await finishPeriodChunk(tx, data.runId, { claims: priced.length, unpriceable, refused: refusals.length }, { traceparent: event.traceparent, now });
    },
    isolateByKey: {
      rows: stored.map((p) => sliceKey(p.input)),
      write: (tx, keys) => {
        const some = new Set(keys);
        return writeClaimPrices(tx, stored.filter((p) => some.has(sliceKey(p.input))));
      },
    },
  };
}

/** The per-claim writes of a slice: its price rows, then the claims pointed at them. */
async function writeClaimPrices(tx: Queryable, priced: readonly PricedClaim[]): Promise<void> {
  await appendPrices(tx, priced);
  await setCurrentPrices(tx, priced);
}

function refusedClaims(priced: readonly PricedClaim[], refused: RefusedRows<string>): RefusedClaim[] {
  return priced.flatMap((p) => {
    const error = refused.get(sliceKey(p.input));
    return error ? [{ claimId: p.input.claimId, version: p.input.version, hospitalCode: p.input.hospitalCode, code: error.code, message: error.message }] : [];
  });
}
