import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { eventAudience, meshIdentities, type CasemixEvent } from "@casemix/events";
import { createFunctionApp } from "./app.ts";
import { eventToHttp } from "./cloudevent-http.ts";
import { eventAuthenticatorFromEnv } from "./event-auth.ts";
import { createLogger } from "./logger.ts";
import { createMeshEventAuth, type MeshEventAuth } from "./mesh-event-auth.ts";
import { createEventProcessor } from "./processor.ts";

/**
 * Issue 17: a function's event ingress takes a delivery only with a token signed by the mesh's key, for
 * its own audience, from the broker, unexpired; anything else is refused before the event is read, and
 * the database is unchanged (a real processor on PGlite writes a `run` row for each event it handles).
 */
const closeEvent = (id: string, source = "/casemix/scheduler"): CasemixEvent =>
  ({ specversion: "1.0", id, source, type: "gov.my.casemix.period.closed.v1", time: "2026-03-01T00:00:00Z", data: {} }) as unknown as CasemixEvent;

let db: TestDb;
let auth: MeshEventAuth;
let other: MeshEventAuth;
let handled = 0;
let app: ReturnType<typeof createFunctionApp>;

beforeAll(async () => {
  db = await createTestPglite();
  auth = await createMeshEventAuth();
  other = await createMeshEventAuth(); // a key nobody trusts: a forger's
  const processor = createEventProcessor({
    fn: { name: "price", handle: async (e) => (handled++, { write: async (tx) => void (await tx.query("insert into run (id, kind) values ($1, 'close')", [e.id])) }) },
    db, deps: {}, log: createLogger({ level: "silent" }),
  });
  app = createFunctionApp({ processor, authenticate: auth.receiver("price") });
});
afterAll(async () => {
  await db.close();
  await auth.close();
  await other.close();
});

const post = async (event: CasemixEvent, token?: string) => {
  const message = eventToHttp(event);
  const headers = token ? { ...message.headers, authorization: `Bearer ${token}` } : message.headers;
  return app.request("/", { method: "POST", headers, body: message.body });
};
const unchanged = async () => {
  const runs = await db.query<{ n: number }>("select count(*)::int as n from run");
  const seen = await db.query<{ n: number }>("select count(*)::int as n from processed_event");
  return { runs: Number(runs.rows[0]!.n), seen: Number(seen.rows[0]!.n) };
};

describe("a function's event ingress", () => {
  it("refuses unsigned, forged, wrong-audience, wrong-sender and expired events, and the database is unchanged", async () => {
    const before = await unchanged();
    const cases: [string, string | undefined, number, string][] = [
      ["no token", undefined, 401, "E_EVENT_TOKEN_MISSING"],
      ["not a JWT", "not-a-token", 401, "E_EVENT_TOKEN_INVALID"],
      ["signed by another key", await other.sign({ sub: meshIdentities.broker, aud: eventAudience("price"), ttlSeconds: 300 }), 401, "E_EVENT_TOKEN_INVALID"],
      ["for another function", await auth.sign({ sub: meshIdentities.broker, aud: eventAudience("report"), ttlSeconds: 300 }), 401, "E_EVENT_TOKEN_AUDIENCE"],
      ["another sender's token", await auth.sign({ sub: meshIdentities.function("intake"), aud: eventAudience("price"), ttlSeconds: 300 }), 403, "E_EVENT_SENDER_FORBIDDEN"],
      ["expired", await auth.sign({ sub: meshIdentities.broker, aud: eventAudience("price"), ttlSeconds: -120 }), 401, "E_EVENT_TOKEN_EXPIRED"],
    ];
    for (const [what, token, status, code] of cases) {
      const res = await post(closeEvent(`evt_${what.replaceAll(" ", "_")}`), token);
      expect(res.status, what).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, what).toBe(code);
      if (token) expect(body.error.message, what).not.toContain(token);
    }
    expect(handled).toBe(0);
    expect(await unchanged()).toEqual(before);
  });

  it("takes the broker's delivery for its own audience and handles it once", async () => {
    const res = await post(closeEvent("evt_signed"), await auth.deliveryToken("price")());
    expect(res.status).toBe(202);
    expect(handled).toBe(1);
    expect((await db.query<{ id: string }>("select id from run")).rows.map((r) => r.id)).toEqual(["evt_signed"]);
  });

  it("refuses every event when it has no token settings (fail closed)", async () => {
    const { authenticate, configured } = eventAuthenticatorFromEnv({}, eventAudience("price"));
    expect(configured).toBe(false);
    const result = await authenticate(`Bearer ${await auth.deliveryToken("price")()}`);
    expect(result).toMatchObject({ status: 401, error: { code: "E_EVENT_AUTH_NOT_CONFIGURED" } });
  });

  it("reads the issuer, keys, audience and senders from its env, as the Knative manifests set them", async () => {
    const env = { EVENT_ISSUER: auth.issuer, EVENT_JWKS: auth.jwks as never, EVENT_SENDERS: ["casemix-mesh:b*"] };
    const { authenticate, configured } = eventAuthenticatorFromEnv(env, eventAudience("price"));
    expect(configured).toBe(true);
    expect(await authenticate(`Bearer ${await auth.deliveryToken("price")()}`)).toEqual({ sender: meshIdentities.broker });
    expect(await authenticate(`Bearer ${await auth.deliveryToken("group")()}`)).toMatchObject({ status: 401 });
  });
});

describe("the local broker's ingress", () => {
  it("takes a function's token for the broker, refuses the dispatcher's own identity (403) and a token for a function's audience (401)", async () => {
    const ingress = auth.brokerIngress();
    const fnToken = await auth.sign({ sub: meshIdentities.function("flag-outlier"), aud: meshIdentities.brokerAudience, ttlSeconds: 60 });
    expect(await ingress(`Bearer ${fnToken}`)).toEqual({ sender: meshIdentities.function("flag-outlier") });
    expect(await ingress(`Bearer ${await auth.deliveryToken("notify")()}`)).toMatchObject({ status: 401, error: { code: "E_EVENT_TOKEN_AUDIENCE" } });
    const brokerToken = await auth.sign({ sub: meshIdentities.broker, aud: meshIdentities.brokerAudience, ttlSeconds: 60 });
    expect(await ingress(`Bearer ${brokerToken}`)).toMatchObject({ status: 403, error: { code: "E_EVENT_SENDER_FORBIDDEN" } });
  });
});
