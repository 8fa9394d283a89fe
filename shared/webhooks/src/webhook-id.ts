import { createHash } from "node:crypto";

/**
 * The webhook id of the delivery of one event to one subscription. Deterministic, so a redelivered
 * event (at-least-once bus) and an operator's replay reuse the same `webhook-id`, and a receiver that
 * deduplicates on it sees one delivery (Standard Webhooks: "the same id for retries of the same message").
 *
 * @example
 * deriveWebhookId("evt_1f...", "sub_mygdx") // "msg_9a3c..."
 */
export function deriveWebhookId(eventId: string, subscriptionId: string): string {
  return "msg_" + createHash("sha256").update(`${eventId}\u0000${subscriptionId}`).digest("hex").slice(0, 32);
}
