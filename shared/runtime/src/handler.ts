import type { CasemixEvent } from "@casemix/events";
import type { Db, Queryable } from "@casemix/db";
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
