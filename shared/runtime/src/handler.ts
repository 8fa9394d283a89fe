import type { CasemixEvent } from "@casemix/events";
import type { Db, Queryable } from "@casemix/db";
import type { IsolatableWrite, RefusedRows } from "./isolate.ts";
import type { Logger } from "./logger.ts";

/**
 * What a handler returns. The runtime commits `write`, the idempotency record (with `reply`) and the
 * `outbox` events in one transaction, then answers with `reply` (200) or nothing (202).
 */
export type HandlerResult = {
  /** At most one reply event, returned to the broker in the HTTP response. */
  reply?: EventDraft;
  /** Further events, relayed to the broker (K_SINK) after commit. */
  outbox?: EventDraft[];
  /** The handler's database effect, run inside the transaction. */
  write?: (tx: Queryable) => Promise<void>;
  /**
   * The same write, per row (a claim's row number): when the database refuses the whole write
   * (SQLSTATE class 22, 23), the runtime finds the refused rows with it and calls the handler again
   * with them in `ctx.refused`, so only those claims are rejected and the chunk goes on. Without it,
   * a refused write answers 400 E_VALUE_REFUSED (dead-lettered at once, never retried).
   */
  isolate?: IsolatableWrite;
  /**
   * As `isolate`, for a write whose rows are not one chunk's row numbers: each row named by a string
   * unique in the write (a period slice spans many batches: `<claimId>@<version>`). The refused rows
   * come back in `ctx.refusedKeys`.
   */
  isolateByKey?: IsolatableWrite<string>;
};

/**
 * An event the handler wants to send. The runtime fills `specversion`, `source` (`/casemix/<fn>`),
 * `time`, the trace context and the partition key (inherited from the input event) when absent.
 */
export type EventDraft = Omit<CasemixEvent, "specversion" | "source"> & { source?: string };

export type HandlerContext<Deps> = {
  /** The function's name: the consumer in idempotency records. */
  name: string;
  /** For reads. Writes belong in `HandlerResult.write` so they commit with the idempotency record. */
  db: Db;
  log: Logger;
  deps: Deps;
  now: () => Date;
  /**
   * Rows of this event whose write the database refused, found on an earlier try (see
   * `HandlerResult.isolate`): reject each of these claims with its error (E_VALUE_REFUSED) and write
   * no value of it that was refused; the other rows go on as usual.
   */
  refused?: RefusedRows;
  /** As `refused`, for a write isolated by string keys (`HandlerResult.isolateByKey`). */
  refusedKeys?: RefusedRows<string>;
};

export type Handler<Deps = unknown> = (
  event: CasemixEvent,
  ctx: HandlerContext<Deps>,
) => Promise<HandlerResult | void>;

/** A pipeline function: a name, the event types it takes, and its handler. */
export type FunctionDefinition<Deps = unknown> = {
  name: string;
  handle: Handler<Deps>;
};
