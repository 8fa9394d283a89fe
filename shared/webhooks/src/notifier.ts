import type { CasemixEvent } from "@casemix/events";
import type { Result } from "./errors.ts";
import type { Deliverer, DeliveryOutcome } from "./deliverer.ts";
import { buildWebhookPayload } from "./payloads.ts";
import type { AttemptLog, Delivery, SubscriptionStore } from "./ports.ts";
import { deriveWebhookId } from "./webhook-id.ts";

/** Ports of the notifier. */
export type NotifierOptions = {
  subscriptions: SubscriptionStore;
  attempts: AttemptLog;
  deliverer: Deliverer;
  /** Base of the links in payloads, e.g. `https://casemix.moh.gov.my/api/v1`. */
  publicBaseUrl: string;
};

/** What notify did with one event. */
export type NotifyResult = { eventId: string; deliveries: DeliveryOutcome[] };

/** Turns outcome events into deliveries. */
export type Notifier = {
  /** The deliveries an event makes, one per matching subscription, without sending anything. */
  plan(event: CasemixEvent): Promise<Result<Delivery[]>>;
  /** Plans and delivers, skipping deliveries already made; resolves when each is delivered or dead. */
  notify(event: CasemixEvent): Promise<Result<NotifyResult>>;
};

/**
 * The notify core the `notify` function calls with each outcome event. A redelivered event makes the
 * same deliveries (same webhook ids, same bodies); one already delivered is not sent again, and one
 * in flight twice still reaches the receiver with one id, which it deduplicates on.
 *
 * @example
 * const notifier = createNotifier({ subscriptions, attempts, deliverer, publicBaseUrl });
 * const result = await notifier.notify(batchCompletedEvent);
 */
export function createNotifier(options: NotifierOptions): Notifier {
  async function plan(event: CasemixEvent): Promise<Result<Delivery[]>> {
    const payload = buildWebhookPayload(event, { publicBaseUrl: options.publicBaseUrl });
    if (!payload.ok) return payload;
    const subs = await options.subscriptions.matching(event.type, payload.value.hospitalCode);
    return {
      ok: true,
      value: subs.map((sub) => ({
        webhookId: deriveWebhookId(event.id, sub.id),
        subscriptionId: sub.id,
        eventId: event.id,
        eventType: event.type,
        hospitalCode: sub.hospitalCode,
        body: payload.value.body,
      })),
    };
  }
  return {
    plan,
    async notify(event) {
      const planned = await plan(event);
      if (!planned.ok) return planned;
      const deliveries = await Promise.all(
        planned.value.map(async (d): Promise<DeliveryOutcome> =>
          (await options.attempts.hasDelivered(d.webhookId))
            ? { webhookId: d.webhookId, subscriptionId: d.subscriptionId, status: "skipped", attempts: 0, reason: "already-delivered" }
            : options.deliverer.deliver(d),
        ),
      );
      return { ok: true, value: { eventId: event.id, deliveries } };
    },
  };
}
