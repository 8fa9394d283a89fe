import type { Queryable } from "@casemix/db";
import { open, seal, type MasterKeys } from "@casemix/storage";
import { exportJWK, type JWK } from "jose";
import { WebhookConfigError, webhookError } from "../errors.ts";
import { KEY_TRANSITIONS, keySigns, transitionError, type KeyStatus, type Keyring, type SigningKeyInfo, type SigningPlan, type SigningKeyRecord } from "../keyring.ts";
import { encodePublicKey, parsePublicKey, parseSecret, type KeyMaterial } from "../keys.ts";

/** Options of {@link createSqlKeyring}. */
export type SqlKeyringOptions = {
  /** Master keys that seal the secrets in `webhook_signing_keys.secret_sealed`. */
  masterKeys: MasterKeys;
  /** How long rows read from the table are reused, ms (a change made by another replica shows after this). */
  statusTtlMs?: number;
  now?: () => number;
};

type KeyRow = { id: string; kind: "hmac" | "ed25519"; status: KeyStatus; public_key: string | null; secret_sealed: string | null; overlap_until: Date | string | null };

/**
 * Signing keys in `webhook_signing_keys`: ids, states, Ed25519 public keys and each secret sealed
 * under the master key (AES-256-GCM, the key id as associated data), so every replica, the JWKS,
 * the API and the CLI share one lifecycle and a secret is never stored in clear. A key that should
 * sign but whose secret does not open here is reported (`signingPlan().unavailable`,
 * {@link unusableSigningKeys}), never skipped.
 *
 * @example
 * const keyring = createSqlKeyring(db, { masterKeys });
 * await keyring.add({ id: "key_2027_01", secret: generateEd25519Secret().secret });
 * await keyring.activate("key_2027_01");
 */
export function createSqlKeyring(db: Queryable, options: SqlKeyringOptions): Keyring {
  const ttl = options.statusTtlMs ?? 1000;
  const now = options.now ?? Date.now;
  const opened = new Map<string, KeyMaterial | undefined>();
  let cache: { at: number; rows: Map<string, KeyRow> } | undefined;

  async function rows(): Promise<Map<string, KeyRow>> {
    if (cache && now() - cache.at < ttl) return cache.rows;
    const { rows: found } = await db.query<KeyRow>("SELECT id, kind, status, public_key, secret_sealed, overlap_until FROM webhook_signing_keys ORDER BY created_at, id");
    cache = { at: now(), rows: new Map(found.map((r) => [r.id, r])) };
    return cache.rows;
  }
  const signs = (r: KeyRow) => keySigns(r.status, r.overlap_until === null ? null : new Date(r.overlap_until).getTime(), now());
  const materialOf = (r: KeyRow): KeyMaterial | undefined => {
    if (!r.secret_sealed) return undefined;
    const cacheKey = `${r.id}\u0000${r.secret_sealed}`;
    if (!opened.has(cacheKey)) {
      const plain = open(options.masterKeys, r.secret_sealed, r.id);
      const parsed = plain.ok ? parseSecret(plain.value.toString("utf8")) : undefined;
      opened.set(cacheKey, parsed?.ok ? parsed.value : undefined);
    }
    return opened.get(cacheKey);
  };

  async function move(id: string, verb: keyof typeof KEY_TRANSITIONS, set: string, params: unknown[] = []): Promise<void> {
    const { rowCount } = await db.query(`UPDATE webhook_signing_keys SET ${set} WHERE id = $1 AND status = ANY($2::text[])`, [id, KEY_TRANSITIONS[verb], ...params]);
    cache = undefined;
    if (rowCount === 0) {
      const { rows: found } = await db.query<{ status: string }>("SELECT status FROM webhook_signing_keys WHERE id = $1", [id]);
      throw transitionError(id, verb, found[0]?.status);
    }
  }

  return {
    async signingKeys(ids) {
      return (await this.signingPlan(ids)).keys;
    },
    async signingPlan(ids): Promise<SigningPlan> {
      const all = await rows();
      const out: SigningPlan = { keys: [], unavailable: [] };
      for (const id of ids) {
        const r = all.get(id);
        if (!r || !signs(r)) continue;
        const material = materialOf(r);
        if (material) out.keys.push({ id, material });
        else out.unavailable.push(id);
      }
      return out;
    },
    async add(record: SigningKeyRecord) {
      const parsed = parseSecret(record.secret);
      if (!parsed.ok) throw new WebhookConfigError({ ...parsed.error, message: `key ${record.id}: ${parsed.error.message}` });
      const publicKey = parsed.value.kind === "ed25519" ? encodePublicKey(parsed.value.publicKey) : null;
      const status = record.status ?? "pending";
      const { rowCount } = await db.query(
        `INSERT INTO webhook_signing_keys (id, kind, public_key, status, secret_sealed, activated_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'active' THEN now() END) ON CONFLICT (id) DO NOTHING`,
        [record.id, parsed.value.kind, publicKey, status, seal(options.masterKeys, Buffer.from(record.secret, "utf8"), record.id)],
      );
      cache = undefined;
      if (rowCount === 0) throw new WebhookConfigError(webhookError("E_KEY_EXISTS", `signing key ${record.id} already exists`));
    },
    activate: (id) => move(id, "activate", "status = 'active', activated_at = now()"),
    retire: (id, o = {}) => move(id, "retire", "status = 'retired', retired_at = now(), overlap_until = $3::timestamptz", [new Date(now() + (o.overlapMs ?? 0)).toISOString()]),
    revoke: (id) => move(id, "revoke", "status = 'revoked', revoked_at = now(), secret_sealed = NULL, overlap_until = NULL"),
    async list(): Promise<SigningKeyInfo[]> {
      cache = undefined;
      return [...(await rows()).values()].map((r) => ({
        id: r.id, kind: r.kind, status: r.status === "retired" && signs(r) ? "retiring" : r.status,
        overlapUntil: r.overlap_until === null ? null : new Date(r.overlap_until).toISOString(),
      }));
    },
    async jwks() {
      const keys: JWK[] = [];
      for (const r of (await rows()).values()) {
        if (!signs(r) || r.kind !== "ed25519" || !r.public_key) continue;
        const key = parsePublicKey(r.public_key);
        if (key.ok) keys.push({ ...(await exportJWK(key.value)), kid: r.id, alg: "EdDSA", use: "sig" });
      }
      return { keys };
    },
  };
}

/**
 * Ids of keys that sign now (active, or retired within the overlap) whose secret is missing or does
 * not open with these master keys. notify refuses to start while there are any: it would otherwise
 * send deliveries it cannot sign as their subscriptions require.
 */
export async function unusableSigningKeys(db: Queryable, masterKeys: MasterKeys, now = Date.now()): Promise<string[]> {
  const { rows } = await db.query<KeyRow>("SELECT id, kind, status, public_key, secret_sealed, overlap_until FROM webhook_signing_keys ORDER BY id");
  return rows
    .filter((r) => keySigns(r.status, r.overlap_until === null ? null : new Date(r.overlap_until).getTime(), now))
    .filter((r) => {
      const plain = r.secret_sealed ? open(masterKeys, r.secret_sealed, r.id) : undefined;
      return !plain?.ok || !parseSecret(plain.value.toString("utf8")).ok;
    })
    .map((r) => r.id);
}

/**
 * Puts a key given by configuration (WEBHOOK_SIGNING_KEYS) into the table: added active when
 * absent; a row from before secrets were stored gets its sealed secret; otherwise left as it is
 * (the lifecycle in the table wins over the env on every restart).
 */
export async function importSigningKey(db: Queryable, masterKeys: MasterKeys, keyring: Keyring, record: { id: string; secret: string }): Promise<"added" | "sealed" | "kept"> {
  try {
    await keyring.add({ ...record, status: "active" });
    return "added";
  } catch (error) {
    if (!(error instanceof WebhookConfigError) || error.code !== "E_KEY_EXISTS") throw error;
  }
  const { rowCount } = await db.query(
    "UPDATE webhook_signing_keys SET secret_sealed = $2 WHERE id = $1 AND secret_sealed IS NULL AND status IN ('active', 'retired', 'pending')",
    [record.id, seal(masterKeys, Buffer.from(record.secret, "utf8"), record.id)],
  );
  return rowCount === 1 ? "sealed" : "kept";
}
