import { ALL_OUTCOME_EVENT_TYPES, examplePayload, webhookPayloadJsonSchema, type OutcomeEventType } from "@casemix/webhooks";

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI objects as plain JSON */

const signatureHeaders = {
  "webhook-id": { required: true, description: "msg_ + 32 hex, the same for every attempt and replay of this event to this subscription: deduplicate on it", schema: { type: "string", pattern: "^msg_[0-9a-f]{32}$" }, example: "msg_5f1d7c0e9b2a4c6d8e0f1a2b3c4d5e6f" },
  "webhook-timestamp": { required: true, description: "Seconds since the epoch of this attempt; refuse one far from your clock", schema: { type: "string", pattern: "^[0-9]+$" }, example: "1801443600" },
  "webhook-signature": { required: true, description: "Space-separated signatures over `{id}.{timestamp}.{body}`: `v1,<base64 HMAC-SHA256>` per shared secret, `v1a,<base64 Ed25519>` per key of the JWKS at /.well-known/webhooks/jwks.json", schema: { type: "string" }, example: "v1a,9QwzPj0kq6b1o2Xn3fS8w5Rz7mT1vY4cK6hL0aE2uJ8pN5sD3gF1bV7xC9zQ0wE4rT6yU8iO2pA5sD7fG9hJ1k==" },
};

const nameOf = (type: OutcomeEventType) => type.replace(/^gov\.my\.casemix\./, "");
const operationIdOf = (type: OutcomeEventType) => nameOf(type).replace(/\.v\d+$/, "").replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase()) + "Webhook";

/**
 * OpenAPI 3.1 `webhooks`: one POST per outcome event type notify delivers, its body's JSON Schema
 * (payload-schemas.ts in @casemix/webhooks) and an example notify built itself, the three Standard
 * Webhooks headers, and what the receiver's answers mean (shared/webhooks README "Answers").
 */
export function webhooksSection(): Record<string, any> {
  return Object.fromEntries(
    ALL_OUTCOME_EVENT_TYPES.map((type) => [
      nameOf(type),
      {
        post: {
          operationId: operationIdOf(type),
          tags: ["webhooks"],
          summary: `${type}, sent to every subscription of this type`,
          description: "Signed per Standard Webhooks. A hospital subscription gets only events that name its hospital. Amounts are integer sen as strings; links point at the authenticated API.",
          security: [],
          parameters: Object.entries(signatureHeaders).map(([name, h]) => ({ name, in: "header", ...h })),
          requestBody: { required: true, content: { "application/json": { schema: webhookPayloadJsonSchema(type), example: examplePayload(type) } } },
          responses: {
            "200": { description: "Any 2xx: delivered" },
            "410": { description: "Gone: not retried, dead-lettered, and the subscription disabled until an operator enables it" },
            "429": { description: "408, 429 and 5xx (and network or TLS errors) are retried with backoff, honouring Retry-After; any other 4xx is dead-lettered at once" },
          },
        },
      },
    ]),
  );
}
