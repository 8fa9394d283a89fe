import { exportJWK, type JWK } from "jose";
import { WebhookConfigError, webhookError } from "./errors.ts";
import { parseSecret, type KeyMaterial } from "./keys.ts";

/** A signing key as stored: the secret stays inside the keyring, never in a subscription. */
export type SigningKeyRecord = {
  /** Stable id, referenced by subscriptions (`signingKeyIds`), e.g. `key_2026_11`. */
  id: string;
  /** `whsec_...` (HMAC-SHA256, signature `v1`) or `whsk_...` (Ed25519, signature `v1a`). */
  secret: string;
  /** A retired key stops signing; keys are retired, not deleted, so the history stays readable. */
  status: "active" | "retired";
};

/** A key ready to sign with. */
export type SigningKey = { id: string; material: KeyMaterial };

/** Public facts about a key, safe to list. */
export type SigningKeyInfo = { id: string; kind: KeyMaterial["kind"]; status: SigningKeyRecord["status"] };

/** A JWKS document (RFC 7517) of the Ed25519 public keys receivers use to verify `v1a` signatures. */
export type JwksDocument = { keys: JWK[] };

/**
 * The signing keys. Rotation: add a new key and put its id on the subscription next to the old
 * one (both sign, so receivers can switch at leisure), then retire the old key (it stops signing).
 */
export interface Keyring {
  /** The active keys among `ids`, in the order given; retired and unknown ids are skipped. */
  signingKeys(ids: readonly string[]): Promise<SigningKey[]>;
  add(record: SigningKeyRecord): Promise<void>;
  retire(id: string): Promise<void>;
  list(): Promise<SigningKeyInfo[]>;
  /** Active Ed25519 public keys as a JWKS, for `GET /.well-known/webhooks/jwks.json`. */
  jwks(): Promise<JwksDocument>;
}

/**
 * An in-memory keyring, loaded from configuration (the env module parses the secrets).
 *
 * @example
 * const keyring = createMemoryKeyring([{ id: "key_a", secret: generateHmacSecret(), status: "active" }]);
 */
export function createMemoryKeyring(initial: readonly SigningKeyRecord[] = []): Keyring {
  const keys = new Map<string, { record: SigningKeyRecord; material: KeyMaterial }>();
  const put = (record: SigningKeyRecord) => {
    const parsed = parseSecret(record.secret);
    if (!parsed.ok) throw new WebhookConfigError({ ...parsed.error, message: `key ${record.id}: ${parsed.error.message}` });
    keys.set(record.id, { record: { ...record }, material: parsed.value });
  };
  initial.forEach(put);
  return {
    async signingKeys(ids) {
      return ids.flatMap((id) => {
        const key = keys.get(id);
        return key && key.record.status === "active" ? [{ id, material: key.material }] : [];
      });
    },
    async add(record) {
      put(record);
    },
    async retire(id) {
      const key = keys.get(id);
      if (!key) throw new WebhookConfigError(webhookError("E_KEY_UNKNOWN", `no signing key ${id}`));
      key.record.status = "retired";
    },
    async list() {
      return [...keys.values()].map(({ record, material }) => ({ id: record.id, kind: material.kind, status: record.status }));
    },
    async jwks() {
      const out: JWK[] = [];
      for (const { record, material } of keys.values()) {
        if (record.status !== "active" || material.kind !== "ed25519") continue;
        const jwk = await exportJWK(material.publicKey);
        out.push({ ...jwk, kid: record.id, alg: "EdDSA", use: "sig" });
      }
      return { keys: out };
    },
  };
}
