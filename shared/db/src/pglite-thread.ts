// The worker thread of createPgliteWorkerDb: owns one PGlite and answers the requests of
// pglite-protocol.ts in the order they arrive. Loaded by `new Worker(...)`, never imported.
import { parentPort, workerData } from "node:worker_threads";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { openPglite, queryOptions, toQueryResult, type PgliteDbOptions } from "./pglite-open.ts";
import { errorFields, type Reply, type Request } from "./pglite-protocol.ts";
import { statementTimings } from "./pglite-timings.ts";

const port = parentPort!;
const reply = (message: Reply): void => port.postMessage(message);
const fail = (id: number, error: unknown): void => reply({ id, ok: false, error: errorFields(error) });

const options = workerData as PgliteDbOptions;
let pg: PGlite;
try {
  pg = await openPglite(options);
  port.postMessage({ ready: true, ok: true });
} catch (error) {
  port.postMessage({ ready: true, ok: false, error: errorFields(error) });
  throw error;
}

const perQuery = queryOptions(pg, options);
const timings = statementTimings();
const record = timings?.add;
/** Runs `work`, adding its time under `key` when PGLITE_TIMINGS_FILE is set (else nothing is added to the call). */
const timed: <T>(key: string, work: () => Promise<T>) => Promise<T> = record
  ? async (key, work) => {
      const start = performance.now();
      try {
        return await work();
      } finally {
        record(key, performance.now() - start);
      }
    }
  : (_key, work) => work();

/** Requests for the open transaction, handed to its loop one at a time. */
let txOpen = false;
let txInbox: ((request: Request) => void) | undefined;
const txQueue: Request[] = [];
const nextTxRequest = (): Promise<Request> =>
  txQueue.length ? Promise.resolve(txQueue.shift()!) : new Promise((resolve) => (txInbox = resolve));

class Rollback extends Error {}

async function runTransaction(beginId: number): Promise<void> {
  let begun = false;
  let endId = beginId;
  const started = performance.now();
  let ending = 0;
  try {
    await pg.transaction(async (tx: Transaction) => {
      begun = true;
      record?.("BEGIN", performance.now() - started);
      reply({ id: beginId, ok: true });
      for (;;) {
        const waitStart = record ? performance.now() : 0;
        const request = await nextTxRequest();
        // Time the connection sat idle inside an open transaction, waiting for this thread's next request.
        record?.(`(idle in transaction) before ${request.op === "tx-query" ? request.sql : request.op.toUpperCase()}`, performance.now() - waitStart);
        if (request.op === "tx-query") {
          try {
            reply({ id: request.id, ok: true, result: toQueryResult(await timed(request.sql, () => tx.query(request.sql, request.params, perQuery))) });
          } catch (error) {
            fail(request.id, error);
          }
          continue;
        }
        endId = request.id;
        ending = performance.now();
        if (request.op === "commit") return;
        throw new Rollback();
      }
    });
    record?.("COMMIT", performance.now() - ending);
    reply({ id: endId, ok: true });
  } catch (error) {
    if (error instanceof Rollback) reply({ id: endId, ok: true });
    else fail(begun ? endId : beginId, error);
  } finally {
    txOpen = false;
    txInbox = undefined;
    for (const late of txQueue.splice(0)) fail(late.id, new Error("the transaction has ended"));
  }
}

port.on("message", (request: Request) => {
  switch (request.op) {
    case "tx-query":
    case "commit":
    case "rollback":
      if (!txOpen) fail(request.id, new Error("no transaction is open"));
      else if (txInbox) {
        const deliver = txInbox;
        txInbox = undefined;
        deliver(request);
      } else txQueue.push(request);
      return;
    case "begin":
      txOpen = true;
      void runTransaction(request.id);
      return;
    case "query":
      timed(request.sql, () => pg.query(request.sql, request.params, perQuery)).then(
        (r) => reply({ id: request.id, ok: true, result: toQueryResult(r) }),
        (error: unknown) => fail(request.id, error),
      );
      return;
    case "close":
      timings?.flush();
      pg.close().then(
        () => reply({ id: request.id, ok: true }),
        (error: unknown) => fail(request.id, error),
      );
      return;
  }
});
