import { invalid, type FunctionDefinition } from "@casemix/runtime";
import { buildWebhookPayload, deriveWebhookId, enqueueDeliveries, type Delivery } from "@casemix/webhooks";
import type { NotifyDeps } from "./wiring.ts";

/**
 * notify's event handler: an outcome event becomes one delivery per matching subscription, queued
 * inside `write(tx)` so the queue rows commit with the idempotency record (a redelivered event
 * queues nothing; its webhook ids are the same anyway). The sweeper sends them. No reply: the
 * audit events (`notification.delivered` / `.failed`) follow each delivery's end, from the sweeper.
 */
export function createNotifyHandler(deps: Pick<NotifyDeps, "env" | "subscriptions" | "sweeper">): FunctionDefinition {
  return {
    name: "notify",
    async handle(event, ctx) {
      const payload = buildWebhookPayload(event, { publicBaseUrl: deps.env.NOTIFY_PUBLIC_BASE_URL });
      if (!payload.ok) throw invalid(payload.error.code, payload.error.message, "data");
      const subs = await deps.subscriptions.matching(event.type, payload.value.hospitalCode);
      if (subs.length === 0) return {};
      const deliveries: (Delivery & { traceparent: string | null })[] = subs.map((sub) => ({
        webhookId: deriveWebhookId(event.id, sub.id), subscriptionId: sub.id, eventId: event.id, eventType: event.type,
        hospitalCode: sub.hospitalCode, body: payload.value.body, traceparent: event.traceparent ?? null,
      }));
      return {
        write: async (tx) => {
          await enqueueDeliveries(tx, deliveries, ctx.now().toISOString());
          // The commit follows this write; a nudge claims a few ms later (and the sweeper also polls).
          deps.sweeper.nudge();
        },
      };
    },
  };
}
