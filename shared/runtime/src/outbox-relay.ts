import type { CasemixEvent } from "@casemix/events";
import type { Db } from "@casemix/db";
import type { Logger } from "./logger.ts";

/** Where relayed events go: the broker ingress at K_SINK over HTTP, or the in-process bus. */
export type EventSink = (events: CasemixEvent[]) => Promise<void>;

export type OutboxRelayOptions = {
  db: Db;
  sink: EventSink;
  log: Logger;
  /** Rows per relay round; one HTTP or Kafka batch each. */
  batchSize?: number;
  /** How often to look for rows nobody nudged about (e.g. left by a crashed process). */
  intervalMs?: number;
};

export type OutboxRelay = {
  /** Relays now (called after a commit that added outbox rows). */
  nudge(): void;
  /** Relays until the outbox is empty. */
  drain(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Relays committed outbox rows to the broker, at least once: rows are marked published only after the
 * sink accepted them, so a crash in between sends them again, and consumers dedupe by event id.
 * `FOR UPDATE SKIP LOCKED` lets several replicas of a function relay side by side.
 */
export function createOutboxRelay({ db, sink, log, batchSize = 500, intervalMs = 1000 }: OutboxRelayOptions): OutboxRelay {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const round = async (): Promise<number> =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; event: CasemixEvent }>(
        "SELECT id, event FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await sink(rows.map((r) => (typeof r.event === "string" ? JSON.parse(r.event) : r.event)));
      await tx.query("UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])", [rows.map((r) => r.id)]);
      return rows.length;
    });

  const loop = async () => {
    do {
      again = false;
      try {
        while (!stopped && (await round()) === batchSize);
      } catch (error) {
        log.warn("outbox relay failed; will retry", { error: (error as Error).message });
      }
    } while (again && !stopped);
  };

  const nudge = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => (running = undefined));
  };

  const timer = setInterval(nudge, intervalMs);
  timer.unref();

  return {
    nudge,
    drain: async () => {
      for (;;) {
        if (running) await running;
        const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");
        if (Number(rows[0]?.n ?? 0) === 0) return;
        nudge();
        await running;
      }
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
