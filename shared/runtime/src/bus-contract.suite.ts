import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveEventId, type CasemixEvent, type Route } from "@casemix/events";
import type { Bus, DeadLetter, Subscriber } from "@casemix/bus";
import type { Db } from "@casemix/db";
import { createFunctionApp } from "./app.ts";
import { invalid, transient } from "./errors.ts";
import type { FunctionDefinition } from "./handler.ts";
import { createHttpSubscriber } from "./http-subscriber.ts";
import { createLogger } from "./logger.ts";
import { createMeshEventAuth, type MeshEventAuth } from "./mesh-event-auth.ts";
import { createOutboxRelay, type OutboxRelay } from "./outbox-relay.ts";
import { createEventProcessor } from "./processor.ts";
import { serveApp, type RunningServer } from "./serve.ts";
import { traceIdOf } from "./trace.ts";

/** How the bus reaches functions: a direct call (embedded) or HTTP to a served app (distributed). */
export type DeliveryMode = "direct" | "http";

export type BusContractOptions = {
  name: string;
  /** `onDeadLetter` is the hook a mesh gives the bus (it fails the batch of a dead-lettered chunk). */
  makeBus: (routes: Route[], onDeadLetter: (letter: DeadLetter) => Promise<unknown>) => Promise<Bus>;
  /** A migrated database, empty of this suite's rows. */
  makeDb: () => Promise<Db>;
  mode: DeliveryMode;
  /** Upper bound for an asynchronous outcome to show up. */
  waitMs?: number;
};

const T = (s: string) => `gov.my.casemix.test-${s}.v1`;
const delivery = { retry: 3, backoffPolicy: "exponential" as const, backoffDelay: "PT0.1S", deadLetter: true };
const route = (name: string, subscriber: string, filters: Route["filters"]): Route => ({ name, subscriber, filters, delivery });

const testRoutes: Route[] = [
  route("chain-a", "fa", [{ exact: { type: T("chain.started") } }]),
  route("chain-b", "fb", [{ exact: { type: T("chain.stepped") } }]),
  route("chain-c", "fc", [{ exact: { type: T("chain.finished") } }]),
  route("routed", "fr", [{ exact: { type: T("routing.requested") } }, { prefix: { subject: "H1-" } }, { not: { suffix: { subject: "-skip" } } }]),
  route("fail-503", "f503", [{ exact: { type: T("transient.failed") } }]),
  route("fail-400", "f400", [{ exact: { type: T("invalid.failed") } }]),
  route("crash", "fcrash", [{ exact: { type: T("crash.requested") } }]),
  route("crash-next", "fnext", [{ exact: { type: T("crash.answered") } }]),
  route("outbox", "fo", [{ exact: { type: T("outbox.requested") } }]),
  route("outboxed", "fp", [{ exact: { type: T("outbox.emitted") } }]),
  { ...route("ordered", "ford", [{ exact: { type: T("ordered.requested") } }]), ordered: true },
];

/** What the ordered route's function saw: the order of its events and whether a key ever ran twice at once. */
const orderedRuns = { running: new Map<string, number>(), overlaps: 0, seen: [] as string[] };

/** Each function records its effect as a row, so a second effect would be a second row. */
const effect = (fn: string) => async (tx: { query: Db["query"] }, event: CasemixEvent) => {
  await tx.query("INSERT INTO test_effect (fn, event_id, traceparent) VALUES ($1, $2, $3)", [fn, event.id, event.traceparent ?? null]);
};

function replying(fn: string, nextType?: string): FunctionDefinition {
  return {
    name: fn,
    handle: async (event) => ({
      write: (tx) => effect(fn)(tx, event),
      ...(nextType ? { reply: { id: deriveEventId(fn, event.id), type: nextType, subject: event.subject, data: { from: event.id } } } : {}),
    }),
  };
}

const functions: FunctionDefinition[] = [
  replying("fa", T("chain.stepped")),
  replying("fb", T("chain.finished")),
  replying("fc"),
  replying("fr"),
  {
    name: "f503",
    handle: async (event) => {
      if (!healed.value) throw transient("E_TEST_DOWN", "the test database is down");
      return { write: (tx) => effect("f503")(tx, event) };
    },
  },
  { name: "f400", handle: async () => { throw invalid("E_TEST_BAD", "the test data is bad", "data.x"); } },
  replying("fcrash", T("crash.answered")),
  replying("fnext"),
  {
    name: "fo",
    handle: async (event) => ({
      write: (tx) => effect("fo")(tx, event),
      outbox: [{ id: deriveEventId("fo", event.id), type: T("outbox.emitted"), data: {} }],
    }),
  },
  replying("fp"),
  {
    name: "ford",
    handle: async (event) => {
      const key = event.partitionkey ?? "";
      if ((orderedRuns.running.get(key) ?? 0) > 0) orderedRuns.overlaps++;
      orderedRuns.running.set(key, (orderedRuns.running.get(key) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, (event.data as { delayMs: number }).delayMs));
      orderedRuns.running.set(key, orderedRuns.running.get(key)! - 1);
      orderedRuns.seen.push(event.id);
      return { write: (tx) => effect("ford")(tx, event) };
    },
  },
];

class SimulatedCrash extends Error {}

/** f503 fails until the test heals it, so a replayed dead letter can then succeed. */
const healed = { value: false };

/**
 * The bus contract: the in-process bus and the Kafka bus both pass it, with functions hosted by the
 * runtime, so routing, retries, dead-letters, idempotency and tracing mean the same in both modes.
 */
export function describeBusContract({ name, makeBus, makeDb, mode, waitMs = 20_000 }: BusContractOptions): void {
  describe(`bus contract: ${name}`, () => {
    let bus: Bus;
    let db: Db;
    let relay: OutboxRelay;
    let auth: MeshEventAuth | undefined;
    const servers: RunningServer[] = [];
    const attempts = new Map<string, number>();
    const crashOnce = new Set<string>();
    const heard: DeadLetter[] = [];
    const log = createLogger({ level: "silent" });

    beforeAll(async () => {
      db = await makeDb();
      await db.query("CREATE TABLE IF NOT EXISTS test_effect (fn text NOT NULL, event_id text NOT NULL, traceparent text)");
      bus = await makeBus(testRoutes, async (letter) => void heard.push(letter));
      relay = createOutboxRelay({ db, sink: (events) => bus.publish(events), log, intervalMs: 100 });
      for (const fn of functions) {
        const processor = createEventProcessor({
          fn,
          db,
          deps: {},
          log,
          onOutbox: () => relay.nudge(),
          afterCommit: (event) => {
            if (crashOnce.delete(event.id)) throw new SimulatedCrash("killed after commit, before reply");
          },
        });
        let inner: Subscriber;
        if (mode === "direct") {
          inner = {
            name: fn.name,
            deliver: async (event) => {
              const result = await processor.process(event);
              return result;
            },
          };
        } else {
          // Signed deliveries, verified by the function, as `casemix mesh` runs them.
          auth ??= await createMeshEventAuth();
          const app = createFunctionApp({ processor, authenticate: auth.receiver(fn.name) });
          app.onError((error, c) => {
            // Play a killed process: the connection drops with no answer.
            if (error instanceof SimulatedCrash) (c.env as { incoming: { socket: { destroy(): void } } }).incoming.socket.destroy();
            return c.text("crashed", 500);
          });
          const server = await serveApp(app);
          servers.push(server);
          inner = createHttpSubscriber({ name: fn.name, url: server.url, token: auth.deliveryToken(fn.name) });
        }
        await bus.subscribe({
          name: fn.name,
          deliver: (event) => {
            attempts.set(fn.name, (attempts.get(fn.name) ?? 0) + 1);
            return inner.deliver(event);
          },
        });
      }
    });

    afterAll(async () => {
      await relay?.stop();
      await bus?.close();
      await Promise.all(servers.map((s) => s.close()));
      await auth?.close();
      await db?.close();
    });

    const event = (type: string, id: string, extra: Partial<CasemixEvent> = {}): CasemixEvent => ({
      specversion: "1.0",
      id,
      source: "/casemix/test",
      type,
      data: {},
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      partitionkey: "H001",
      ...extra,
    });

    const effects = async (fn: string) =>
      (await db.query<{ event_id: string; traceparent: string }>("SELECT event_id, traceparent FROM test_effect WHERE fn = $1", [fn])).rows;

    const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    const settle = () => new Promise((r) => setTimeout(r, mode === "http" ? 1500 : 100));

    it("routes by filter: only events whose attributes pass every filter reach the subscriber", async () => {
      await bus.publish([
        event(T("routing.requested"), "r1", { subject: "H1-100" }),
        event(T("routing.requested"), "r2", { subject: "H2-100" }),
        event(T("routing.requested"), "r3", { subject: "H1-100-skip" }),
        event(T("other.requested"), "r4", { subject: "H1-100" }),
      ]);
      await waitFor("the routed event", async () => ((await effects("fr")).length > 0 ? true : undefined));
      await settle();
      expect((await effects("fr")).map((r) => r.event_id)).toEqual(["r1"]);
    });

    it("a reply chain runs across three functions and keeps the trace id at every hop", async () => {
      await bus.publish([event(T("chain.started"), "c1")]);
      const last = await waitFor("the end of the chain", async () => (await effects("fc"))[0]);
      const hops = [...(await effects("fa")), ...(await effects("fb")), last];
      expect(hops).toHaveLength(3);
      for (const hop of hops) expect(traceIdOf(hop.traceparent)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    });

    it("a 503 is retried with backoff, then dead-lettered after the last retry", async () => {
      await bus.publish([event(T("transient.failed"), "t1")]);
      const letter = await waitFor("the dead letter", async () => (await bus.deadLetters()).find((l) => l.event.id === "t1"));
      expect(letter).toMatchObject({ route: "fail-503", status: 503, attempts: delivery.retry + 1 });
      expect(attempts.get("f503")).toBe(delivery.retry + 1);
    });

    it("a 400 is dead-lettered at once, with no retry", async () => {
      await bus.publish([event(T("invalid.failed"), "i1")]);
      const letter = await waitFor("the dead letter", async () => (await bus.deadLetters()).find((l) => l.event.id === "i1"));
      expect(letter).toMatchObject({ route: "fail-400", status: 400, attempts: 1 });
      expect(attempts.get("f400")).toBe(1);
    });

    it("each dead letter, once stored, is handed to onDeadLetter with its id, route, status and event", async () => {
      const stored = await waitFor("the dead letter", async () => (await bus.deadLetters()).find((l) => l.event.id === "i1"));
      const given = await waitFor("the hook's letter", async () => heard.find((l) => l.id === stored.id));
      expect(given).toMatchObject({ id: stored.id, route: "fail-400", status: 400, attempts: 1, event: { id: "i1" } });
    });

    it("a replayed dead letter goes to its route's subscriber again and leaves the dead-letter store", async () => {
      const letter = await waitFor("the dead letter", async () => (await bus.deadLetters()).find((l) => l.event.id === "t1"));
      healed.value = true;
      await bus.replay(letter.id);
      await waitFor("the replayed delivery", async () => ((await effects("f503")).some((r) => r.event_id === "t1") ? true : undefined));
      await waitFor("the letter to leave the store", async () => ((await bus.deadLetters()).some((l) => l.id === letter.id) ? undefined : true));
      expect((await bus.deadLetters()).map((l) => l.event.id)).toEqual(["i1"]);
    });

    it("a duplicate delivery makes no second effect and gets the stored reply", async () => {
      await bus.publish([event(T("chain.started"), "d1")]);
      await waitFor("the first chain", async () => ((await effects("fc")).some((r) => r.event_id === deriveEventId("fb", deriveEventId("fa", "d1"))) ? true : undefined));
      await bus.publish([event(T("chain.started"), "d1")]);
      await settle();
      await bus.idle();
      expect((await effects("fa")).filter((r) => r.event_id === "d1")).toHaveLength(1);
      const stored = await db.query<{ reply: CasemixEvent }>("SELECT reply FROM processed_event WHERE consumer = 'fa' AND id = 'd1'");
      expect(stored.rows[0].reply.id).toBe(deriveEventId("fa", "d1"));
    });

    it("a handler killed after its commit and before its reply still leads to exactly one next event", async () => {
      crashOnce.add("k1");
      await bus.publish([event(T("crash.requested"), "k1")]);
      const next = deriveEventId("fcrash", "k1");
      await waitFor("the next event", async () => ((await effects("fnext")).some((r) => r.event_id === next) ? true : undefined));
      await settle();
      expect((await effects("fcrash")).filter((r) => r.event_id === "k1")).toHaveLength(1);
      expect((await effects("fnext")).filter((r) => r.event_id === next)).toHaveLength(1);
      expect(attempts.get("fcrash")).toBe(2);
    });

    it("an ordered route delivers a partition key's events one at a time, in publish order", async () => {
      const delays = [150, 10, 90, 0, 40];
      const batch = ["H001", "H002"].flatMap((key) => delays.map((delayMs, i) => event(T("ordered.requested"), `ord-${key}-${i}`, { partitionkey: key, data: { delayMs } })));
      await bus.publish(batch);
      await waitFor("every ordered event", async () => ((await effects("ford")).length === batch.length ? true : undefined));
      for (const key of ["H001", "H002"]) {
        expect(orderedRuns.seen.filter((id) => id.startsWith(`ord-${key}-`))).toEqual(delays.map((_, i) => `ord-${key}-${i}`));
      }
      expect(orderedRuns.overlaps).toBe(0);
    });

    it("an outbox event reaches its subscriber", async () => {
      await bus.publish([event(T("outbox.requested"), "o1")]);
      const id = deriveEventId("fo", "o1");
      const got = await waitFor("the outboxed event", async () => (await effects("fp")).find((r) => r.event_id === id));
      expect(traceIdOf(got.traceparent)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    });
  });
}
