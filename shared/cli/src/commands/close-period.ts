import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { appendOutbox, type Db } from "@casemix/db";
import { EventTypes, PeriodSchema, type CasemixEvent } from "@casemix/events";
import { isPeriodOver, periodClosedEvent } from "@casemix/month-end";
import {
  BaseEnvSchema,
  createEventProcessor,
  createLogger,
  createPlatform,
  loadFunctionModules,
  parseEnv,
  validateEventData,
  type Platform,
} from "@casemix/runtime";

export const summary = "close (or --reclose) a payment period YYYY-MM against the configured database; --run-here prices it in this process";

const USAGE = `usage: casemix close-period <YYYY-MM> [--reclose] [--run-here | --wait] [--timeout <seconds>]

Closes a payment period (discharge month in Asia/Kuala_Lumpur) against the database of DATABASE_URL
(or PGLITE_DATA_DIR). The first close of a period is run run_close_<YYYY-MM>; closing again with the
same tariff and register versions changes nothing (no new run). --reclose asks for a new run, which
price starts only when the versions in force over the period changed (a new tariff version).
  (default)   puts period.closed in the outbox; the running mesh relays it to price
  --wait      ... and waits for the run, printing progress and its total
  --run-here  prices the run in this process (the price function over the same database): for a
              database with no mesh running. period.priced stays in the outbox for the mesh.
Exit codes: 0 done (or nothing to do), 1 failed, 2 bad arguments.`;

type RunState = {
  status: string; chunks_total: number | null; chunks_done: number; total_sen: string | null; delta_sen: string | null; claim_count: number | null;
  same_as: string | null;
  /** Claims whose new price the database refused (period_run_refused): each keeps the price in force. */
  refused: number;
};

async function runState(db: Db, runId: string): Promise<RunState | undefined> {
  const { rows } = await db.query<RunState>(
    `select r.status, r.chunks_total, r.chunks_done, pr.total_sen::text as total_sen, pr.delta_sen::text as delta_sen, pr.claim_count, r.same_as,
            coalesce((r.counts->>'refused')::int, 0) as refused
       from run r left join period_run pr on pr.run_id = r.id where r.id = $1`,
    [runId],
  );
  return rows[0];
}

/** Processes the run's chunk events from the outbox in this process, marking each published. */
async function runHere(platform: Platform, event: CasemixEvent, runId: string): Promise<void> {
  const [price] = await loadFunctionModules(undefined, ["price"]);
  if (!price) throw new Error("the price function (functions/price) is not in this checkout");
  const instance = await price.create(platform);
  const processor = createEventProcessor({ fn: instance.fn!, db: platform.db, deps: {}, log: platform.log, validateData: validateEventData });
  const first = await processor.process(event);
  if (first.status >= 300) throw new Error(`period.closed was refused: ${first.error?.code} ${first.error?.message}`);
  // No lock is held while a chunk is processed (PGlite has one connection); if a mesh relays the same
  // rows meanwhile, price's idempotency record makes the second delivery a no-op.
  for (;;) {
    const { rows } = await platform.db.query<{ id: string; event: CasemixEvent | string }>(
      `select id, event from outbox where published_at is null and event->>'type' = $1 and event->'data'->>'runId' = $2 order by id limit 8`,
      [EventTypes.periodChunkScheduled, runId],
    );
    if (rows.length === 0) return;
    for (const row of rows) {
      const chunk = typeof row.event === "string" ? JSON.parse(row.event) : row.event;
      const result = await processor.process(chunk);
      if (result.status >= 300) throw new Error(`chunk ${chunk.id} failed: ${result.error?.code} ${result.error?.message}`);
    }
    await platform.db.query("update outbox set published_at = now() where id = any($1::bigint[])", [rows.map((r) => r.id)]);
  }
}

/** `casemix close-period`: closes or re-closes a period. `env` defaults to the process env. */
export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: {
      reclose: { type: "boolean", default: false }, "run-here": { type: "boolean", default: false }, wait: { type: "boolean", default: false },
      timeout: { type: "string", default: "600" }, help: { type: "boolean", short: "h", default: false },
    } });
  } catch (e) {
    console.error(`casemix close-period: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const { values: opts, positionals } = parsed;
  if (opts.help) return console.log(USAGE), 0;
  const period = positionals[0];
  if (!period || !PeriodSchema.safeParse(period).success) return console.error(`casemix close-period: give the period as YYYY-MM\n${USAGE}`), 2;
  const now = new Date();
  if (!isPeriodOver(period, now)) return console.error(`casemix close-period: ${period} is not over yet in Asia/Kuala_Lumpur`), 2;
  let platformEnv;
  try {
    platformEnv = parseEnv(BaseEnvSchema, { LOG_LEVEL: "warn", ...env });
  } catch (e) {
    return console.error(`casemix close-period: ${(e as Error).message}`), 2;
  }
  if (!platformEnv.DATABASE_URL && !platformEnv.PGLITE_DATA_DIR) return console.error("casemix close-period: set DATABASE_URL or PGLITE_DATA_DIR: an in-memory database has no periods"), 2;
  const event = periodClosedEvent(period, { now, source: "/casemix/cli", reclose: opts.reclose ? { suffix: randomBytes(3).toString("hex") } : undefined });
  const runId = event.data.runId;
  const platform = await createPlatform(platformEnv, { send: async () => {}, log: createLogger({ level: platformEnv.LOG_LEVEL }), source: env });
  try {
    const started = performance.now();
    if (opts["run-here"]) await runHere(platform, event as CasemixEvent, runId);
    else {
      await appendOutbox(platform.db, [event as never]);
      console.log(`period.closed for ${period} is in the outbox (run ${runId})`);
      if (!opts.wait) return 0;
      const deadline = Date.now() + Number(opts.timeout) * 1000;
      for (;;) {
        const state = await runState(platform.db, runId);
        const handled = await platform.db.query("select 1 from processed_event where consumer = 'price' and id = $1", [event.id]);
        if (state?.status === "completed" || (!state && handled.rows.length > 0)) break;
        if (Date.now() > deadline) return console.error(`casemix close-period: run ${runId} not done after ${opts.timeout} s (${state ? `${state.chunks_done}/${state.chunks_total} chunks` : "not started"})`), 1;
        if (state) console.log(`  ${state.chunks_done}/${state.chunks_total ?? "?"} chunks`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    const state = await runState(platform.db, runId);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!state || state.same_as) {
      const standing = state?.same_as ? `; run ${runId} changed nothing, run ${state.same_as} stands` : "";
      console.log(`${period}: nothing to do: closed before with the same tariff and register versions (or a run of it is still going)${standing}`);
      return 0;
    }
    console.log(`${period}: run ${runId} ${state.status}: ${state.claim_count} claims, total ${state.total_sen} sen (difference ${state.delta_sen} sen), ${state.chunks_done}/${state.chunks_total} chunks in ${seconds} s`);
    if (state.refused > 0) {
      console.log(`  ${state.refused} claim(s) whose new price the database refused keep the price in force before the run: GET /v1/runs/${runId} names them (refusedClaims)`);
    }
    return state.status === "completed" ? 0 : 1;
  } catch (e) {
    console.error(`casemix close-period: ${(e as Error).message}`);
    return 1;
  } finally {
    await platform.db.close();
    await platform.cache.close();
  }
}

/** Printed by `casemix close-period --help` (main.ts), which never runs the command. */
export const usage = USAGE;
