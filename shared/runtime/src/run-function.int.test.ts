import { afterEach, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { eventToHttp } from "./cloudevent-http.ts";
import { defineFunction } from "./function-module.ts";
import { runFunctionProcess, type FunctionProcess } from "./run-function.ts";
import { mesh } from "@casemix/events";

/**
 * Issue 17 on Knative: a function runs as two Services from one image, a public one with its REST routes
 * only and a cluster-local one with its event ingress only; FUNCTION_SERVES picks which.
 */
const module = defineFunction({
  name: "probe-fn",
  create: () => ({ fn: { name: "probe-fn", handle: async () => undefined }, routes: new Hono().get("/v1/probe-fn", (c) => c.json({ ok: true })) }),
});
const event = eventToHttp({ specversion: "1.0", id: "evt_1", source: "/casemix/scheduler", type: "gov.my.casemix.period.closed.v1", data: {} } as never);

let proc: FunctionProcess | undefined;
afterEach(async () => {
  await proc?.close();
  proc = undefined;
});
const serve = async (serves?: string) => {
  proc = await runFunctionProcess(module, { PORT: "0", LOG_LEVEL: "silent", PGLITE_THREAD: "main", ...(serves ? { FUNCTION_SERVES: serves } : {}) });
  const url = proc.server.url;
  return {
    rest: (await fetch(`${url}/v1/probe-fn`)).status,
    events: (await fetch(`${url}/`, { method: "POST", headers: event.headers, body: event.body })).status,
    ready: (await fetch(`${url}/readyz`)).status,
  };
};

describe("what a function process serves", () => {
  it("rest: its REST routes and probes, and no event ingress at all", async () => {
    expect(await serve("rest")).toEqual({ rest: 200, events: 404, ready: 200 });
  });

  it("events: its event ingress (refusing an unsigned event) and probes, and no REST route", async () => {
    expect(await serve("events")).toEqual({ rest: 404, events: 401, ready: 200 });
  });

  it("all (casemix mesh): both, and without token settings the ingress refuses every event", async () => {
    expect(await serve()).toEqual({ rest: 200, events: 401, ready: 200 });
  });
});

describe("the dead-letter ingress of the function that completes batches (Knative's KafkaSource posts there)", () => {
  const consumer = defineFunction({ name: mesh.deadLetter.consumer, create: () => ({ fn: { name: mesh.deadLetter.consumer, handle: async () => undefined } }) });
  const deadLetterStatus = async (fn: typeof module, serves: string) => {
    proc = await runFunctionProcess(fn, { PORT: "0", LOG_LEVEL: "silent", PGLITE_THREAD: "main", FUNCTION_SERVES: serves });
    return (await fetch(`${proc.server.url}${mesh.deadLetter.path}`, { method: "POST", headers: event.headers, body: event.body })).status;
  };

  it("is served beside its event ingress, refusing a letter without the reader's token", async () => {
    expect(await deadLetterStatus(consumer, "events")).toBe(401);
  });

  it("is not on its public Service, nor on any other function", async () => {
    expect(await deadLetterStatus(consumer, "rest")).toBe(404);
    await proc?.close();
    expect(await deadLetterStatus(module, "events")).toBe(404);
  });
});
