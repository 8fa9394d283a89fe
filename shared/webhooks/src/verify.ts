import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature, type KeyObject } from "node:crypto";
import type { JWK } from "jose";
import { WebhookConfigError, webhookError, type Result } from "./errors.ts";
import type { JwksDocument } from "./keyring.ts";
import { parsePublicKey, parseSecret } from "./keys.ts";
import { signedContent } from "./signing.ts";

/** Options of {@link createWebhookVerifier}. At least one of `secrets`, `publicKeys`, `jwks`. */
export type WebhookVerifierOptions = {
  /** Shared `whsec_` secrets (any one matching `v1` signature is enough). */
  secrets?: readonly string[];
  /** Ed25519 public keys (`whpk_...` or KeyObject) for `v1a` signatures. */
  publicKeys?: readonly (string | KeyObject)[];
  /** A JWKS document (as served by the sender) of Ed25519 keys for `v1a` signatures. */
  jwks?: JwksDocument;
  /** Accepted clock difference, seconds, either way (Standard Webhooks suggests 5 minutes). */
  toleranceSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
};

/** Request headers as node (`IncomingHttpHeaders`) or fetch (`Headers`) gives them. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** A verified delivery: its id (deduplicate on it) and timestamp. */
export type VerifiedWebhook = { webhookId: string; timestamp: number };

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function jwkToKey(jwk: JWK): KeyObject {
  return createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" });
}

/**
 * A verifier for receivers of these webhooks: checks the timestamp is within tolerance, then that
 * at least one signature in `webhook-signature` matches a known key over the raw body.
 *
 * @example
 * const verify = createWebhookVerifier({ secrets: ["whsec_..."] });
 * const result = verify(req.headers, rawBody);
 * if (!result.ok) return reply(400, result.error.code);
 */
export function createWebhookVerifier(options: WebhookVerifierOptions): (headers: HeaderSource, body: string | Buffer) => Result<VerifiedWebhook> {
  const hmacSecrets = (options.secrets ?? []).map((s) => {
    const parsed = parseSecret(s);
    if (!parsed.ok || parsed.value.kind !== "hmac") throw new WebhookConfigError(webhookError("E_KEY_FORMAT", "verifier secrets must be whsec_ keys"));
    return parsed.value.secret;
  });
  const publicKeys: KeyObject[] = (options.publicKeys ?? []).map((k) => {
    if (typeof k !== "string") return k;
    const parsed = parsePublicKey(k);
    if (!parsed.ok) throw new WebhookConfigError(parsed.error);
    return parsed.value;
  });
  for (const jwk of options.jwks?.keys ?? []) publicKeys.push(jwkToKey(jwk));
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now;

  return (headers, body) => {
    const id = header(headers, "webhook-id");
    const ts = header(headers, "webhook-timestamp");
    const sigs = header(headers, "webhook-signature");
    if (!id || !ts || !sigs) return fail("E_SIGNATURE_HEADERS_MISSING", "webhook-id, webhook-timestamp and webhook-signature are required");
    if (!/^\d{1,12}$/.test(ts)) return fail("E_SIGNATURE_TIMESTAMP_INVALID", "webhook-timestamp must be integer seconds since the epoch");
    const timestamp = Number(ts);
    if (Math.abs(now() / 1000 - timestamp) > tolerance) {
      return fail("E_SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE", `webhook-timestamp is more than ${tolerance}s away from now`);
    }
    const content = Buffer.from(signedContent(id, timestamp, typeof body === "string" ? body : body.toString("utf8")), "utf8");
    for (const entry of sigs.split(" ")) {
      const comma = entry.indexOf(",");
      const version = entry.slice(0, comma);
      const signature = Buffer.from(entry.slice(comma + 1), "base64");
      if (version === "v1") {
        for (const secret of hmacSecrets) {
          const expected = createHmac("sha256", secret).update(content).digest();
          if (expected.length === signature.length && timingSafeEqual(expected, signature)) return { ok: true, value: { webhookId: id, timestamp } };
        }
      } else if (version === "v1a") {
        for (const key of publicKeys) {
          if (safeVerify(content, key, signature)) return { ok: true, value: { webhookId: id, timestamp } };
        }
      }
    }
    return fail("E_SIGNATURE_MISMATCH", "no signature matches a known key");
  };
}

function fail(code: "E_SIGNATURE_HEADERS_MISSING" | "E_SIGNATURE_TIMESTAMP_INVALID" | "E_SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE" | "E_SIGNATURE_MISMATCH", message: string) {
  return { ok: false as const, error: webhookError(code, message) };
}

function safeVerify(content: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verifySignature(null, content, key, signature);
  } catch {
    // A malformed signature (wrong length) is a mismatch, not a crash of the receiver.
    return false;
  }
}
