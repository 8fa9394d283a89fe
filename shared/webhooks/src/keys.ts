import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { webhookError, type Result } from "./errors.ts";

// Standard Webhooks key encodings: symmetric secrets are `whsec_` + base64 of the raw secret;
// Ed25519 secret keys `whsk_` + base64 of the 32-byte seed, public keys `whpk_` + base64 of the
// 32 raw public key bytes (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** Decoded key material, ready to sign with. */
export type KeyMaterial =
  | { kind: "hmac"; secret: Buffer }
  | { kind: "ed25519"; privateKey: KeyObject; publicKey: KeyObject };

/**
 * Parses a `whsec_...` (HMAC-SHA256) or `whsk_...` (Ed25519) secret.
 *
 * @example
 * parseSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") // { ok: true, value: { kind: "hmac", ... } }
 */
export function parseSecret(encoded: string): Result<KeyMaterial> {
  if (encoded.startsWith("whsec_")) {
    const secret = Buffer.from(encoded.slice("whsec_".length), "base64");
    if (secret.length < 24 || secret.length > 64) {
      return { ok: false, error: webhookError("E_KEY_FORMAT", "a whsec_ secret must decode to 24..64 bytes") };
    }
    return { ok: true, value: { kind: "hmac", secret } };
  }
  if (encoded.startsWith("whsk_")) {
    const raw = Buffer.from(encoded.slice("whsk_".length), "base64");
    // Some libraries store seed || public key (64 bytes); the seed is the first half either way.
    if (raw.length !== 32 && raw.length !== 64) {
      return { ok: false, error: webhookError("E_KEY_FORMAT", "a whsk_ key must decode to 32 (or 64) bytes") };
    }
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw.subarray(0, 32)]), format: "der", type: "pkcs8" });
    return { ok: true, value: { kind: "ed25519", privateKey, publicKey: createPublicKey(privateKey) } };
  }
  return { ok: false, error: webhookError("E_KEY_FORMAT", "a signing secret must start with whsec_ or whsk_") };
}

/** Parses a `whpk_...` Ed25519 public key (what a receiver is given). */
export function parsePublicKey(encoded: string): Result<KeyObject> {
  const raw = encoded.startsWith("whpk_") ? Buffer.from(encoded.slice("whpk_".length), "base64") : undefined;
  if (raw === undefined || raw.length !== 32) {
    return { ok: false, error: webhookError("E_KEY_FORMAT", "a public key must be whpk_ + base64 of 32 bytes") };
  }
  return { ok: true, value: createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" }) };
}

/** Encodes an Ed25519 public key as `whpk_...`. */
export function encodePublicKey(publicKey: KeyObject): string {
  const der = publicKey.export({ format: "der", type: "spki" });
  return "whpk_" + der.subarray(ED25519_SPKI_PREFIX.length).toString("base64");
}

/** A fresh random `whsec_` secret (32 bytes). */
export function generateHmacSecret(): string {
  return "whsec_" + randomBytes(32).toString("base64");
}

/** A fresh Ed25519 key pair as `{ secret: "whsk_...", publicKey: "whpk_..." }`. */
export function generateEd25519Secret(): { secret: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  return { secret: "whsk_" + der.subarray(ED25519_PKCS8_PREFIX.length).toString("base64"), publicKey: encodePublicKey(publicKey) };
}
