import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import type { Route } from "@casemix/events";
import { eventToHttp } from "./cloudevent-http.ts";
import { defineFunction } from "./function-module.ts";
import { createLogger } from "./logger.ts";
import { startEmbeddedMesh, type EmbeddedMesh } from "./mesh.ts";
import { createTestPlatform } from "./platform.ts";

/**
 * Issue 17: the embedded mesh served its CloudEvent ingress at `POST /` on the REST port, and an
 * anonymous post closed a payment period. The port now serves REST routes and probes only.
 */
const route: Route = {
  name: "closer-period-closed", subscriber: "closer", filters: [{ exact: { type: "gov.my.casemix.period.closed.v1" } }],
  delivery: { retry: 0, backoffPolicy: "exponential", backoffDelay: "PT0.01S", deadLetter: true },
};
let handled = 0;
const closer = defineFunction({
  name: "closer",
  create: () => ({
    fn: { name: "closer", handle: async (e) => (handled++, { write: async (tx) => void (await tx.query("insert into run (id, kind) values ($1, 'close')", [e.id])) }) },
    routes: new Hono().get("/v1/closer", (c) => c.json({ ok: true })),
  }),
});

const data = { period: "2026-09", runId: "run_2026_09_close", runKind: "close", closedAt: "2026-10-01T00:00:00.000+08:00" };
let mesh: EmbeddedMesh;
beforeAll(async () => {
  const platform = await createTestPlatform();
  mesh = await startEmbeddedMesh({ modules: [closer], env: platform.env, log: createLogger({ level: "silent" }), platform, routes: [route], backoffScale: 0.001 });
});
afterAll(() => mesh.close());

describe("the embedded mesh's port", () => {
  it("takes no CloudEvent: an anonymous POST / reaches no function and changes nothing", async () => {
    const event = { specversion: "1.0", id: "evt_forged", source: "/casemix/scheduler", type: "gov.my.casemix.period.closed.v1", data } as never;
    const message = eventToHttp(event);
    for (const path of ["/", "/events"]) {
      const res = await mesh.app.request(path, { method: "POST", headers: message.headers, body: message.body });
      expect(res.status, path).toBe(404);
    }
    await mesh.idle();
    expect(handled).toBe(0);
    const runs = await mesh.platform.db.query<{ n: number }>("select count(*)::int as n from run");
    expect(Number(runs.rows[0]!.n)).toBe(0);
  });

  it("still serves the REST routes and the probes, and events still flow in process", async () => {
    expect((await mesh.app.request("/v1/closer")).status).toBe(200);
    expect((await mesh.app.request("/healthz")).status).toBe(200);
    expect((await mesh.app.request("/readyz")).status).toBe(200);
    await mesh.bus.publish([{ specversion: "1.0", id: "evt_inproc", source: "/casemix/scheduler", type: "gov.my.casemix.period.closed.v1", data } as never]);
    await mesh.idle();
    expect(handled).toBe(1);
  });

  it("serves /metrics, where an event dead-lettered in process is counted by route and status", async () => {
    await mesh.bus.publish([{ specversion: "1.0", id: "evt_malformed", source: "/casemix/scheduler", type: "gov.my.casemix.period.closed.v1", data: {} } as never]);
    await mesh.idle();
    const res = await mesh.app.request("/metrics");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^casemix_dead_letters_total\{route="closer-period-closed",status="400"\} 1$/m);
    expect(body).toMatch(/^casemix_events_handled_total\{fn="closer",type="gov.my.casemix.period.closed.v1",status="400",duplicate="false"\} 1$/m);
  });
});
