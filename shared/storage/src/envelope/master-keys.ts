import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * Master keys (key-encryption keys) from configuration: `id=<base64 of 32 bytes>`, comma-separated,
 * the first one current. Older ones stay listed so what they wrapped can still be opened after a
 * rotation; the id is stored with everything a key wrapped, so the right one is found.
 */
export type MasterKeys = { current: { id: string; key: Buffer }; byId: ReadonlyMap<string, Buffer> };

/** The env shape of a master key list (a zod string that parses into {@link MasterKeys}). */
export const MasterKeysSchema = z.string().transform((text, ctx): MasterKeys => {
  const byId = new Map<string, Buffer>();
  let current: MasterKeys["current"] | undefined;
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const id = part.slice(0, eq);
    const key = Buffer.from(part.slice(eq + 1), "base64");
    if (eq < 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || key.length !== 32 || byId.has(id)) {
      ctx.addIssue({ code: "custom", message: "must be id=<base64 of 32 random bytes> pairs, comma-separated, ids unique (the first is current)" });
      return z.NEVER;
    }
    byId.set(id, key);
    current ??= { id, key };
  }
  if (!current) {
    ctx.addIssue({ code: "custom", message: "names no key" });
    return z.NEVER;
  }
  return { current, byId };
});

/**
 * A development master key derived from a fixed label, for the embedded default only, as the
 * pseudonym key has one: a fresh machine runs with no setup; the function warns at start.
 */
export function developmentMasterKeys(label: string): MasterKeys {
  const key = createHash("sha256").update(`casemix-development-master-key:${label}`).digest();
  const id = "mk_dev";
  return { current: { id, key }, byId: new Map([[id, key]]) };
}

const SEALED_PREFIX = "sealed:v1:";

/**
 * Encrypts a small secret (a signing key, a data key) under the current master key with
 * AES-256-GCM: `sealed:v1:<master key id>:<iv>:<tag>:<ciphertext>` (base64 parts). `context` is
 * bound as associated data (e.g. the row id), so a sealed value copied to another row does not open.
 */
export function seal(master: MasterKeys, plaintext: Uint8Array, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return SEALED_PREFIX + [master.current.id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

/** Why a sealed value did not open: no master key of its id is configured, or it is not intact. */
export type OpenFailure = { code: "E_MASTER_KEY_UNKNOWN" | "E_SEALED_INVALID"; message: string };

/** Opens what {@link seal} made, with the master key its id names. */
export function open(master: MasterKeys, sealed: string, context: string): { ok: true; value: Buffer } | { ok: false; error: OpenFailure } {
  const parts = sealed.startsWith(SEALED_PREFIX) ? sealed.slice(SEALED_PREFIX.length).split(":") : [];
  if (parts.length !== 4) return { ok: false, error: { code: "E_SEALED_INVALID", message: "not a sealed:v1 value" } };
  const [keyId, iv, tag, ct] = parts as [string, string, string, string];
  const key = master.byId.get(keyId);
  if (!key) return { ok: false, error: { code: "E_MASTER_KEY_UNKNOWN", message: `sealed under master key ${keyId}, which is not configured` } };
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return { ok: true, value: Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]) };
  } catch {
    return { ok: false, error: { code: "E_SEALED_INVALID", message: `does not open with master key ${keyId} (altered, or another key of that id)` } };
  }
}

/** The master key id a sealed value names, without opening it. */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.startsWith(SEALED_PREFIX) ? sealed.slice(SEALED_PREFIX.length).split(":")[0] : undefined;
}
