import { describe, expect, it } from "vitest";
import { EventTypes, parseEventData } from "@casemix/events";
import { notificationEvent } from "./notification-events.ts";

const delivery = {
  webhookId: "msg_0123456789abcdef0123456789abcdef", subscriptionId: "sub_1", eventId: "evt_c", eventType: EventTypes.batchCompleted,
  hospitalCode: "HKL", body: "{}", at: "2027-02-01T01:00:05.000Z",
};

describe("notification events", () => {
  it("a delivered webhook becomes a notification.delivered event that passes its contract schema", () => {
    const event = notificationEvent({ ...delivery, attempts: 2, outcome: "delivered", httpStatus: 202 })!;
    expect(event).toMatchObject({ type: EventTypes.notificationDelivered, subject: "ntf_0123456789abcdef0123456789abcdef", partitionkey: "HKL" });
    expect(parseEventData(event).ok).toBe(true);
  });

  it("a dead MyGDX webhook becomes notification.failed with a stable code, keyed target:mygdx", () => {
    const event = notificationEvent({ ...delivery, hospitalCode: null, attempts: 8, outcome: "dead", reason: "exhausted", lastHttpStatus: null, lastErrorCode: "ETIMEDOUT" })!;
    expect(event).toMatchObject({ type: EventTypes.notificationFailed, partitionkey: "target:mygdx", data: { target: "mygdx", errorCode: "E_WEBHOOK_TIMEOUT", attempts: 8 } });
    expect(parseEventData(event).ok).toBe(true);
  });

  it("a replay that succeeds after a failure is a distinct event", () => {
    const failed = notificationEvent({ ...delivery, attempts: 8, outcome: "dead", reason: "exhausted", lastHttpStatus: 503, lastErrorCode: "HTTP_503" })!;
    const delivered = notificationEvent({ ...delivery, attempts: 9, outcome: "delivered", httpStatus: 200 })!;
    expect(failed.id).not.toBe(delivered.id);
  });

  it("no event when no attempt was made (the contract counts at least one)", () => {
    expect(notificationEvent({ ...delivery, attempts: 0, outcome: "dead", reason: "gone", lastHttpStatus: null, lastErrorCode: "E_SUBSCRIPTION_DISABLED" })).toBeUndefined();
  });
});
