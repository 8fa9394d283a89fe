import { createHmac, sign } from "node:crypto";
import type { SigningKey } from "./keyring.ts";

/** The three Standard Webhooks headers. */
export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** What gets signed: `${id}.${timestamp}.${body}` (Standard Webhooks, "Signature scheme"). */
export function signedContent(webhookId: string, timestamp: number, body: string): string {
  return `${webhookId}.${timestamp}.${body}`;
}

/**
 * Signs one attempt of a delivery with every given key: `v1,<base64 HMAC-SHA256>` for `whsec_`
 * keys and `v1a,<base64 Ed25519>` for `whsk_` keys, space-separated, so a receiver that knows any
 * one of the keys can verify while keys rotate.
 *
 * @example
 * signWebhook({ webhookId: "msg_1", timestamp: 1764300000, body: "{}", keys })
 * // { "webhook-id": "msg_1", "webhook-timestamp": "1764300000", "webhook-signature": "v1,K5o... v1a,9Qw..." }
 */
export function signWebhook(input: { webhookId: string; timestamp: number; body: string; keys: readonly SigningKey[] }): WebhookHeaders {
  const content = Buffer.from(signedContent(input.webhookId, input.timestamp, input.body), "utf8");
  const signatures = input.keys.map(({ material }) =>
    material.kind === "hmac"
      ? "v1," + createHmac("sha256", material.secret).update(content).digest("base64")
      : "v1a," + sign(null, content, material.privateKey).toString("base64"),
  );
  return {
    "webhook-id": input.webhookId,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": signatures.join(" "),
  };
}
