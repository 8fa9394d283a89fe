import { describe, expect, it } from "vitest";
import { OUTCOME_EVENT_TYPES } from "./event-types.ts";
import { createMemoryDeadLetterStore, createMemorySubscriptionStore } from "./memory-stores.ts";
import type { Caller, DeadLetter, SubscriptionInput } from "./ports.ts";

const operator: Caller = { role: "operator" };
const h1: Caller = { role: "hospital", hospitalCode: "H001" };
const h2: Caller = { role: "hospital", hospitalCode: "H002" };
const hospitalSub = (code: string): SubscriptionInput => ({
  target: "hospital", hospitalCode: code, url: `https://${code.toLowerCase()}.example/hooks`,
  eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted], auth: { kind: "none" }, signingKeyIds: ["k1"],
});
const mygdx: SubscriptionInput = {
  target: "mygdx", hospitalCode: null, url: "https://mygdx.example/casemix", eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted, OUTCOME_EVENT_TYPES.periodPriced],
  auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: ["k1"],
};

describe("memory subscription store", () => {
  it("a hospital sees only its own subscriptions", async () => {
    const store = createMemorySubscriptionStore();
    await store.create(h1, hospitalSub("H001"));
    await store.create(h2, hospitalSub("H002"));
    await store.create(operator, mygdx);
    expect((await store.list(h1)).map((s) => s.hospitalCode)).toEqual(["H001"]);
    expect(await store.list(operator)).toHaveLength(3);
  });

  it("another hospital's subscription looks as if it did not exist", async () => {
    const store = createMemorySubscriptionStore();
    const created = await store.create(h2, hospitalSub("H002"));
    const id = created.ok ? created.value.id : "";
    const got = await store.get(h1, id);
    expect(got.ok || got.error.code).toBe("E_SUBSCRIPTION_NOT_FOUND");
    const removed = await store.remove(h1, id);
    expect(removed.ok || removed.error.code).toBe("E_SUBSCRIPTION_NOT_FOUND");
  });

  it("a hospital cannot subscribe to another hospital's events or to MyGDX", async () => {
    const store = createMemorySubscriptionStore();
    const other = await store.create(h1, hospitalSub("H002"));
    const national = await store.create(h1, mygdx);
    expect([other.ok || other.error.code, national.ok || national.error.code]).toEqual(["E_FORBIDDEN", "E_FORBIDDEN"]);
  });

  it("refuses a plain http URL and names the field", async () => {
    const created = await createMemorySubscriptionStore().create(h1, { ...hospitalSub("H001"), url: "http://h001.example/hooks" });
    expect(created.ok ? "" : created.error.message).toMatch(/^url:/);
  });

  it("refuses a MyGDX target without OIDC and mutual TLS", async () => {
    const created = await createMemorySubscriptionStore().create(operator, { ...mygdx, auth: { kind: "none" } });
    expect(created.ok || created.error.code).toBe("E_SUBSCRIPTION_INVALID");
  });

  it("an event matches MyGDX by type and hospitals by type and hospital", async () => {
    const store = createMemorySubscriptionStore();
    await store.create(h1, hospitalSub("H001"));
    await store.create(h2, hospitalSub("H002"));
    await store.create(operator, mygdx);
    const matched = await store.matching(OUTCOME_EVENT_TYPES.batchCompleted, "H001");
    expect(matched.map((s) => s.target + ":" + s.hospitalCode).sort()).toEqual(["hospital:H001", "mygdx:null"]);
    expect(await store.matching(OUTCOME_EVENT_TYPES.reportPublished, "H001")).toEqual([]);
  });

  it("a disabled subscription matches nothing", async () => {
    const store = createMemorySubscriptionStore();
    const created = await store.create(h1, hospitalSub("H001"));
    await store.disable(created.ok ? created.value.id : "", "410");
    expect(await store.matching(OUTCOME_EVENT_TYPES.batchCompleted, "H001")).toEqual([]);
  });
});

describe("memory dead-letter store", () => {
  const entry = (webhookId: string, hospitalCode: string | null): DeadLetter => ({
    webhookId, subscriptionId: "sub_1", eventId: "evt_1", eventType: OUTCOME_EVENT_TYPES.batchCompleted, hospitalCode, body: "{}",
    reason: "exhausted", attempts: 8, lastHttpStatus: 503, lastErrorCode: "HTTP_503", deadAt: "2026-11-28T00:00:00Z", status: "dead", replayedAt: null,
  });

  it("a hospital lists only the dead letters of its own subscriptions", async () => {
    const store = createMemoryDeadLetterStore();
    await store.put(entry("msg_a", "H001"));
    await store.put(entry("msg_b", "H002"));
    await store.put(entry("msg_c", null));
    expect((await store.list(h1)).map((d) => d.webhookId)).toEqual(["msg_a"]);
    expect(await store.list(operator)).toHaveLength(3);
  });

  it("a replayed entry is kept, marked replayed", async () => {
    const store = createMemoryDeadLetterStore();
    await store.put(entry("msg_a", "H001"));
    await store.markReplayed("msg_a", "2026-11-28T01:00:00Z");
    expect(await store.list(operator, { status: "dead" })).toEqual([]);
    expect((await store.list(operator, { status: "replayed" }))[0]?.replayedAt).toBe("2026-11-28T01:00:00Z");
  });
});
