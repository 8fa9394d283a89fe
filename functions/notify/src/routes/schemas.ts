import { z } from "@hono/zod-openapi";
import { ALL_OUTCOME_EVENT_TYPES, type OutcomeEventType } from "@casemix/webhooks";

const EventTypeSchema = z.enum(ALL_OUTCOME_EVENT_TYPES as [OutcomeEventType, ...OutcomeEventType[]]);
const AuthSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("oidc-mtls"), credentialsId: z.string().min(1) }),
]);

/** What a caller sends to create a subscription (shared/webhooks validates the rules). */
export const SubscriptionBodySchema = z
  .object({
    target: z.enum(["mygdx", "hospital"]),
    hospitalCode: z.string().min(1).max(50).nullable().default(null),
    url: z.string().openapi({ example: "https://his.hkl.gov.my/casemix/webhooks" }),
    eventTypes: z.array(EventTypeSchema).min(1),
    auth: AuthSchema.default({ kind: "none" }),
    signingKeyIds: z.array(z.string().min(1)).min(1),
  })
  .openapi("SubscriptionInput", {
    // A hospital's own endpoint, signed with the key `npm start` creates (key_dev_ed25519; list yours at GET /v1/webhooks/keys).
    example: { target: "hospital", hospitalCode: "H10-DEC915", url: "https://his.hkl.gov.my/casemix/webhooks", eventTypes: ["gov.my.casemix.batch.completed.v1"], auth: { kind: "none" }, signingKeyIds: ["key_dev_ed25519"] } as never,
  });

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    target: z.enum(["mygdx", "hospital"]),
    hospitalCode: z.string().nullable(),
    url: z.string(),
    eventTypes: z.array(EventTypeSchema),
    auth: AuthSchema,
    signingKeyIds: z.array(z.string()),
    status: z.enum(["active", "disabled"]),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Subscription");

export const SubscriptionIdParamSchema = z.object({ id: z.string().regex(/^sub_[A-Za-z0-9]{1,64}$/).openapi({ param: { name: "id", in: "path" }, example: "sub_7Hq2Xk9" }) });

export const DeadLetterSchema = z
  .object({
    webhookId: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    hospitalCode: z.string().nullable(),
    body: z.string(),
    reason: z.enum(["exhausted", "permanent", "gone"]),
    attempts: z.number().int(),
    lastHttpStatus: z.number().int().nullable(),
    lastErrorCode: z.string().nullable(),
    deadAt: z.string(),
    status: z.enum(["dead", "replayed"]),
    replayedAt: z.string().nullable(),
  })
  .openapi("DeadLetter");

export const WebhookIdParamSchema = z.object({ webhookId: z.string().regex(/^msg_[0-9a-f]{32}$/).openapi({ param: { name: "webhookId", in: "path" }, example: "msg_5f1d7c0e9b2a4c6d8e0f1a2b3c4d5e6f" }) });
