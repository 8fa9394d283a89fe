import { Agent } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEventProcessor, createTestPlatform, validateEventData, type FunctionInstance, type TestPlatform } from "@casemix/runtime";
import { createSqlSubscriptionStore, deriveWebhookId, generateHmacSecret, OUTCOME_EVENT_TYPES, type TargetResolver } from "@casemix/webhooks";
import { batchCompleted } from "../test-support/notify-harness.ts";
import { loadNotifyEnv } from "./env.ts";
import { createNotifyModule } from "./function.ts";

// These tests look at the queue rows as the handler left them; the sweeper's sends go to a
// transport that answers 204 at once (no network).
let platform: TestPlatform;
let instance: FunctionInstance;
const targets: TargetResolver = { resolve: () => ({ ok: true, value: { agent: new Agent() } }), close() {} };
beforeEach(async () => {
  platform = await createTestPlatform();
  instance = await createNotifyModule({
    env: loadNotifyEnv({}), targets, sweepIntervalMs: 3_600_000,
    transport: async () => ({ ok: true, durationMs: 0, response: { status: 204, headers: {}, body: "" } }), signingKeys: [{ id: "k1", secret: generateHmacSecret(), status: "active" }],
  }).create(platform);
});
afterEach(async () => {
  await instance.close?.();
  await platform.db.close();
});

const processor = () => createEventProcessor({ fn: instance.fn!, db: platform.db, deps: {}, log: platform.log, validateData: validateEventData });
const subscribe = (code: string) =>
  createSqlSubscriptionStore(platform.db).create({ role: "operator" }, {
    target: "hospital", hospitalCode: code, url: `https://${code.toLowerCase()}.example/hooks`, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
    auth: { kind: "none" }, signingKeyIds: ["k1"],
  });
const queued = async () => (await platform.db.query<{ webhook_id: string; hospital_code: string; body: string }>("SELECT webhook_id, hospital_code, body FROM webhook_deliveries")).rows;

describe("notify handler", () => {
  it("queues one delivery for the hospital the event names, with the documented payload and derived id", async () => {
    const own = await subscribe("H001");
    await subscribe("H002");
    expect((await processor().process(batchCompleted(1))).status).toBe(202);
    const rows = await queued();
    expect(rows.map((r) => [r.webhook_id, r.hospital_code])).toEqual([[deriveWebhookId("evt_batch_1", own.ok ? own.value.id : ""), "H001"]]);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ type: OUTCOME_EVENT_TYPES.batchCompleted, timestamp: "2027-02-01T01:00:00.000Z", data: { links: { batch: "https://casemix.moh.gov.my/api/v1/batches/bat_1" } } });
  });

  it("an event nobody subscribed to is acknowledged and queues nothing", async () => {
    expect((await processor().process(batchCompleted(2))).status).toBe(202);
    expect(await queued()).toEqual([]);
  });

  it("an outcome event without a time is refused with 400 and E_PAYLOAD_INVALID", async () => {
    await subscribe("H001");
    const { time: _time, ...event } = batchCompleted(3);
    const result = await processor().process(event as never);
    expect(result).toMatchObject({ status: 400, error: { code: "E_PAYLOAD_INVALID" } });
    expect(await queued()).toEqual([]);
  });
});
