import type { CasemixEvent } from "@casemix/events";
import { appendAudit, callerExtensions, callerOfEvent, classifyDbFailure, DbError, runInContext, SYSTEM_SCOPE, type Caller, type Db, type Queryable } from "@casemix/db";
import { asCasemixError, statusOf, transient, type CasemixError } from "./errors.ts";
import type { EventDraft, FunctionDefinition, HandlerContext, HandlerResult } from "./handler.ts";
import { findRefusedRows } from "./isolate.ts";
import type { Logger } from "./logger.ts";
import { childTraceparent, traceIdOf } from "./trace.ts";
import { activeTraceparent, claimsHandled, eventsEmitted, eventsHandled, handlerDuration, inSpan, metricsEnabled, SpanKind } from "@casemix/telemetry";
import { logWithTrace } from "./logger.ts";

export type ProcessResult = { status: number; reply?: CasemixEvent; error?: { code: string; message: string } };

/** Inside the processor: answered from the idempotency record (a redelivery, nothing done again). */
type Answer = ProcessResult & { duplicate?: boolean };

export type ProcessorOptions<Deps> = {
  fn: FunctionDefinition<Deps>;
  db: Db;
  deps: Deps;
  log: Logger;
  /** Checks the event's data against its schema; throws an `invalid` CasemixError when it fails. */
  validateData?: (event: CasemixEvent) => void;
  now?: () => Date;
  /** Called after the commit, before the answer: a test throws here to play a crash at the worst time. */
  afterCommit?: (event: CasemixEvent) => void;
  /** Called when outbox rows were committed, so the relay can send them without waiting for its tick. */
  onOutbox?: () => void;
};

export type EventProcessor = { process(event: CasemixEvent): Promise<ProcessResult> };

type Stored = { status: number; reply: CasemixEvent | null };

/**
 * The idempotent core of every function: a duplicate (consumer, source, id) changes nothing and gets
 * the stored reply again; otherwise the handler's effect, its reply and its outbox events commit in one
 * transaction (DESIGN.md "Events": delivery is at least once).
 */
export function createEventProcessor<Deps>(options: ProcessorOptions<Deps>): EventProcessor {
  const { fn, db, deps, log, validateData, now = () => new Date(), afterCommit, onOutbox } = options;
  const process = async (event: CasemixEvent): Promise<Answer> => {
    const previous = await loadStored(db, fn.name, event);
    if (previous) return storedResult(previous);
    validateData?.(event);
    const ctx = { name: fn.name, db, log: logWithTrace(log, event.traceparent), deps, now };
    const result: HandlerResult = (await fn.handle(event, ctx)) ?? {};
    try {
      return await commit(event, result);
    } catch (error) {
      // A value the database refused is the same on every try (SQLSTATE class 22, 23): find the rows
      // refused, and let the handler reject only those claims, so the rest of the chunk goes on.
      if (classifyDbFailure(error) !== "refused") throw error;
      const found = await findRefused(db, result);
      if (!found) throw error;
      const errors = [...(found.refused?.values() ?? []), ...(found.refusedKeys?.values() ?? [])];
      log.warn("rows refused by the database: their claims are rejected", { type: event.type, id: event.id, rows: errors.length, codes: [...new Set(errors.map((e) => e.message))] });
      const again: HandlerResult = (await fn.handle(event, { ...ctx, ...found })) ?? {};
      return await commit(event, again);
    }
  };

  const commit = async (event: CasemixEvent, result: HandlerResult): Promise<Answer> => {
    const caller = callerOfEvent(event, traceIdOf(event.traceparent));
    const reply = result.reply ? complete(result.reply, event, fn.name, now, caller) : undefined;
    const outbox = (result.outbox ?? []).map((draft) => complete(draft, event, fn.name, now, caller));
    const status = reply ? 200 : 202;
    const committed = await db.transaction(async (tx) => {
      // The effect and the outbox rows are sent right behind the idempotency record, not after its
      // answer: on PGlite's worker they run back to back (pglite-worker.ts). Another delivery that
      // committed first leaves the record unclaimed, and then the whole transaction is rolled back,
      // effect included.
      const claim = claimRecord(tx, fn.name, event, status, reply);
      const effect = Promise.all([
        result.write?.(tx),
        outbox.length > 0 ? appendOutbox(tx, outbox) : undefined,
        appendAudit(tx, eventAudit(fn.name, event, caller), now()),
      ]);
      const [claimed, done] = await Promise.allSettled([claim, effect]);
      if (claimed.status === "rejected") throw claimed.reason;
      if (!claimed.value) throw new NotClaimed();
      if (done.status === "rejected") throw done.reason;
      return true;
    }).catch((error: unknown) => {
      if (error instanceof NotClaimed || isIdempotencyConflict(error)) return false;
      throw error;
    });
    if (!committed) {
      // Another delivery of the same event committed first: answer as it did. Its record gone again
      // (deleted meanwhile) is a race to run again, never a success this delivery did not commit.
      const stored = await loadStored(db, fn.name, event);
      if (stored) return storedResult(stored);
      throw transient("E_IDEMPOTENCY_RACE", "another delivery of this event held its idempotency record, which is gone: retrying");
    }
    if (outbox.length > 0) onOutbox?.();
    if (metricsEnabled()) countEmitted(fn.name, reply, outbox);
    afterCommit?.(event);
    return { status, reply };
  };

  return {
    // Pipeline work runs in the system scope (row-level security, migration 0760), whatever context
    // delivered it (the in-process bus can deliver inside a REST request's context), as the person the
    // event names, if any.
    // One span per handled event (a chunk of thousands of claims, never a claim), joined to the trace
    // the event carries; its outgoing events name it as their parent (complete()).
    process: (event) =>
      inSpan(`${fn.name} ${event.type}`, { kind: SpanKind.CONSUMER, traceparent: event.traceparent, attributes: { "casemix.function": fn.name, "cloudevents.event_type": event.type, "cloudevents.event_id": event.id } }, async (span) => {
        const started = performance.now();
        const caller = callerOfEvent(event, traceIdOf(event.traceparent));
        let answer: Answer;
        try {
          answer = await runInContext({ scope: () => SYSTEM_SCOPE, caller: () => caller }, () => process(event));
        } catch (error) {
          const known: CasemixError | undefined = asCasemixError(error);
          const status = statusOf(known ?? error);
          const body = known ? known.toJSON() : { code: "E_TRANSIENT", message: (error as Error).message };
          const level = status === 400 ? "warn" : "error";
          logWithTrace(log, event.traceparent)[level]("event not processed", { type: event.type, id: event.id, status, ...body });
          answer = { status, error: body };
        }
        span?.setAttribute("casemix.status", answer.status);
        if (metricsEnabled()) countHandled(fn.name, event, answer, (performance.now() - started) / 1000);
        const { duplicate: _, ...result } = answer;
        return result;
      }),
  };
}

function countHandled(fnName: string, event: CasemixEvent, answer: Answer, seconds: number): void {
  eventsHandled.inc({ fn: fnName, type: event.type, status: String(answer.status), duplicate: answer.duplicate ? "true" : "false" });
  handlerDuration.observe({ fn: fnName, type: event.type }, seconds);
  const rows = (event.data as { rowCount?: unknown } | undefined)?.rowCount;
  if (!answer.duplicate && answer.status < 300 && typeof rows === "number") claimsHandled.inc({ fn: fnName, type: event.type }, rows);
}

function countEmitted(fnName: string, reply: CasemixEvent | undefined, outbox: CasemixEvent[]): void {
  if (reply) eventsEmitted.inc({ fn: fnName, type: reply.type });
  for (const e of outbox) eventsEmitted.inc({ fn: fnName, type: e.type });
}

/**
 * The rows of a refused write that the database refuses, keyed as the handler keyed them (row numbers
 * in `refused`, string keys in `refusedKeys`); undefined when the handler gave no way to isolate them
 * or none is refused alone (the refusal is then the whole write's).
 */
async function findRefused(db: Db, result: HandlerResult): Promise<Pick<HandlerContext<unknown>, "refused" | "refusedKeys"> | undefined> {
  if (result.isolate) {
    const refused = await findRefusedRows(db, result.isolate);
    return refused.size > 0 ? { refused } : undefined;
  }
  if (result.isolateByKey) {
    const refusedKeys = await findRefusedRows(db, result.isolateByKey);
    return refusedKeys.size > 0 ? { refusedKeys } : undefined;
  }
  return undefined;
}

/** The idempotency record was already there: another delivery of the event committed first. */
class NotClaimed extends Error {}

/**
 * A unique violation on the idempotency record itself is a duplicate delivery that committed first
 * (the insert arbitrates with ON CONFLICT, so this is a guard for a record written by another path),
 * never a refused value: the stored reply answers it.
 */
function isIdempotencyConflict(error: unknown): boolean {
  return error instanceof DbError && error.sqlState === "23505" && error.constraint === "processed_event_pkey";
}

function storedResult(stored: Stored): Answer {
  return stored.reply ? { status: 200, reply: stored.reply, duplicate: true } : { status: stored.status, duplicate: true };
}

/**
 * One audit record per handled event (not per claim it carries): the person it names, else the
 * function itself, in the transaction of the event's effect.
 */
function eventAudit(fnName: string, event: CasemixEvent, caller: Caller | undefined) {
  return {
    actor: caller?.actor ?? `system:${fnName}`, roles: caller?.roles ?? [], hospital: caller?.hospital ?? null,
    action: `event:${event.type}`, object: event.subject ?? event.partitionkey ?? event.id,
    requestId: caller?.requestId ?? null, traceId: traceIdOf(event.traceparent) ?? null,
    detail: { consumer: fnName, eventId: event.id, source: event.source },
  };
}

/**
 * Fills the attributes the runtime owns, and the person the input event was caused by (its caller
 * extensions). Ids stay deterministic: they are the handler's to derive.
 */
function complete(draft: EventDraft, input: CasemixEvent, fnName: string, now: () => Date, caller?: Caller): CasemixEvent {
  const event: CasemixEvent = {
    ...callerExtensions(caller),
    ...draft,
    specversion: "1.0",
    source: draft.source ?? `/casemix/${fnName}`,
    time: draft.time ?? now().toISOString(),
    // The handler's span when tracing is on (so the next function's span is its child), else the
    // input's trace id with a new span id: the trace id is kept across every hop either way.
    traceparent: activeTraceparent() ?? childTraceparent(input.traceparent),
  } as CasemixEvent;
  if (event.partitionkey === undefined && input.partitionkey !== undefined) event.partitionkey = input.partitionkey;
  delete (event as Record<string, unknown>).casemixreplayroute;
  return event;
}

async function loadStored(db: Queryable, consumer: string, event: CasemixEvent): Promise<Stored | undefined> {
  const { rows } = await db.query<{ status: number; reply: CasemixEvent | null }>(
    "SELECT status, reply FROM processed_event WHERE consumer = $1 AND source = $2 AND id = $3",
    [consumer, event.source, event.id],
  );
  return rows[0];
}

/** Inserts the idempotency record first: a concurrent duplicate blocks on it, then finds it taken. */
async function claimRecord(tx: Queryable, consumer: string, event: CasemixEvent, status: number, reply?: CasemixEvent): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO processed_event (consumer, source, id, type, status, reply)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
    [consumer, event.source, event.id, event.type, status, reply ? JSON.stringify(reply) : null],
  );
  return rows.length === 1;
}

async function appendOutbox(tx: Queryable, events: CasemixEvent[]): Promise<void> {
  await tx.query(
    "INSERT INTO outbox (event) SELECT value FROM jsonb_array_elements($1::jsonb)",
    [JSON.stringify(events)],
  );
}
