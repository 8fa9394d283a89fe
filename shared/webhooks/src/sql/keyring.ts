import type { Queryable } from "@casemix/db";
import { exportJWK, type JWK } from "jose";
import { WebhookConfigError, webhookError } from "../errors.ts";
import type { Keyring, SigningKey, SigningKeyInfo } from "../keyring.ts";
import { encodePublicKey, parsePublicKey, parseSecret, type KeyMaterial } from "../keys.ts";

/** Options of {@link createSqlKeyring}. */
export type SqlKeyringOptions = {
  /** How long key statuses read from the table are reused, ms (a retirement elsewhere shows after this). */
  statusTtlMs?: number;
  now?: () => number;
};

/**
 * Signing keys split in two: ids, kinds, statuses and Ed25519 public keys in `webhook_signing_keys`
 * (so every replica, the JWKS and operators agree on which keys are active), secrets only in this
 * process, given by the env module (`WEBHOOK_SIGNING_KEYS`) or a KMS, never written to a row.
 * `add` registers a key's public facts (idempotent: a known id keeps its status) and holds its
 * secret in memory. An active key whose secret this process was not given does not sign here.
 *
 * @example
 * const keyring = createSqlKeyring(db);
 * for (const k of env.signingKeys) await keyring.add({ ...k, status: "active" });
 */
export function createSqlKeyring(db: Queryable, options: SqlKeyringOptions = {}): Keyring {
  const ttl = options.statusTtlMs ?? 1000;
  const now = options.now ?? Date.now;
  const secrets = new Map<string, KeyMaterial>();
  let active: { at: number; ids: Set<string> } | undefined;

  async function activeIds(): Promise<Set<string>> {
    if (active && now() - active.at < ttl) return active.ids;
    const { rows } = await db.query<{ id: string }>("SELECT id FROM webhook_signing_keys WHERE status = 'active'");
    active = { at: now(), ids: new Set(rows.map((r) => r.id)) };
    return active.ids;
  }

  return {
    async signingKeys(ids) {
      const live = await activeIds();
      const out: SigningKey[] = [];
      for (const id of ids) {
        const material = secrets.get(id);
        if (material && live.has(id)) out.push({ id, material });
      }
      return out;
    },
    async add(record) {
      const parsed = parseSecret(record.secret);
      if (!parsed.ok) throw new WebhookConfigError({ ...parsed.error, message: `key ${record.id}: ${parsed.error.message}` });
      const material = parsed.value;
      const publicKey = material.kind === "ed25519" ? encodePublicKey(material.publicKey) : null;
      await db.query(
        `INSERT INTO webhook_signing_keys (id, kind, public_key, status, retired_at) VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'retired' THEN now() END)
         ON CONFLICT (id) DO NOTHING`,
        [record.id, material.kind, publicKey, record.status],
      );
      secrets.set(record.id, material);
      active = undefined;
    },
    async retire(id) {
      const { rowCount } = await db.query("UPDATE webhook_signing_keys SET status = 'retired', retired_at = coalesce(retired_at, now()) WHERE id = $1", [id]);
      if (rowCount === 0) throw new WebhookConfigError(webhookError("E_KEY_UNKNOWN", `no signing key ${id}`));
      active = undefined;
    },
    async list(): Promise<SigningKeyInfo[]> {
      const { rows } = await db.query<{ id: string; kind: "hmac" | "ed25519"; status: "active" | "retired" }>("SELECT id, kind, status FROM webhook_signing_keys ORDER BY created_at, id");
      return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status }));
    },
    async jwks() {
      const { rows } = await db.query<{ id: string; public_key: string }>(
        "SELECT id, public_key FROM webhook_signing_keys WHERE status = 'active' AND kind = 'ed25519' AND public_key IS NOT NULL ORDER BY created_at, id",
      );
      const keys: JWK[] = [];
      for (const r of rows) {
        const key = parsePublicKey(r.public_key);
        if (key.ok) keys.push({ ...(await exportJWK(key.value)), kid: r.id, alg: "EdDSA", use: "sig" });
      }
      return { keys };
    },
  };
}
