import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { notificationFailureCode } from "./failure-code.ts";
import type { Delivery } from "./ports.ts";
import type { DeadLetter } from "./ports.ts";

/** What the sweeper knows when a delivery ends. */
export type EndedDelivery = Delivery & { traceparent?: string | null; attempts: number; at: string } & (
  | { outcome: "delivered"; httpStatus: number }
  | { outcome: "dead"; reason: DeadLetter["reason"]; lastHttpStatus: number | null; lastErrorCode: string | null }
);

/** `ntf_` + the hex of the webhook id: one notification per delivery, whatever its attempts. */
export const notificationIdOf = (webhookId: string): string => "ntf_" + webhookId.replace(/^msg_/, "");

/**
 * The audit event of a delivery that ended: `notification.delivered` or `notification.failed`
 * (events/src/schemas/other.ts). Its id derives from the webhook id and the last attempt number, so
 * a replay that succeeds after a failure is a second, distinct event. None when no attempt was made
 * (the subscription was disabled before): the schema counts at least one attempt, and the dead
 * letter already says why.
 */
export function notificationEvent(d: EndedDelivery): CasemixEvent | undefined {
  if (d.attempts < 1) return undefined;
  const common = {
    notificationId: notificationIdOf(d.webhookId),
    ...(d.hospitalCode ? { hospitalCode: d.hospitalCode } : {}),
    target: d.hospitalCode ? ("hospital" as const) : ("mygdx" as const),
    causeEventId: d.eventId,
    causeType: d.eventType,
    attempts: d.attempts,
  };
  const base = { from: "notify", causeId: d.webhookId, key: String(d.attempts), time: d.at, ...(d.traceparent ? { traceparent: d.traceparent } : {}) };
  if (d.outcome === "delivered") {
    return createEvent({ ...base, type: EventTypes.notificationDelivered, data: { ...common, statusCode: d.httpStatus, deliveredAt: d.at } });
  }
  const code = notificationFailureCode({ webhookId: d.webhookId, subscriptionId: d.subscriptionId, status: "dead", attempts: d.attempts, reason: d.reason, lastHttpStatus: d.lastHttpStatus, lastErrorCode: d.lastErrorCode });
  const last = d.lastHttpStatus !== null && d.lastHttpStatus >= 100 && d.lastHttpStatus <= 599 ? { lastStatusCode: d.lastHttpStatus } : {};
  return createEvent({ ...base, type: EventTypes.notificationFailed, data: { ...common, errorCode: code, ...last, failedAt: d.at } });
}
