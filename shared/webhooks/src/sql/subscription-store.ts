import { randomUUID } from "node:crypto";
import { auditCall, type Db, type Queryable } from "@casemix/db";
import { webhookError } from "../errors.ts";
import type { SubscriptionInput, SubscriptionStore } from "../ports.ts";
import { validateSubscriptionInput } from "../subscription-input.ts";
import { scopeOf, toSubscription, type SubscriptionRow } from "./rows.ts";

const notFound = (id: string) => ({ ok: false as const, error: webhookError("E_SUBSCRIPTION_NOT_FOUND", `no subscription ${id}`) });
const COLUMNS = "id, target, hospital_code, url, event_types, auth_kind, credentials_id, signing_key_ids, status, disabled_reason, created_at, updated_at";
// A hospital caller's rows only; another hospital's look as if they did not exist.
const SCOPED = "id = $1 AND ($2::text IS NULL OR hospital_code = $2)";

/** Options of {@link createSqlSubscriptionStore}. */
export type SqlStoreOptions = { newId?: () => string };

/**
 * Subscriptions in `webhook_subscriptions` (migration 0500), with the same validation and scoping
 * as the in-memory store.
 *
 * @example
 * const subs = createSqlSubscriptionStore(platform.db);
 * await subs.list({ role: "hospital", hospitalCode: "H001" });
 */
export function createSqlSubscriptionStore(db: Queryable, options: SqlStoreOptions = {}): SubscriptionStore {
  const newId = options.newId ?? (() => "sub_" + randomUUID().replaceAll("-", ""));
  const one = async (sql: string, params: unknown[]) => (await db.query<SubscriptionRow>(sql, params)).rows[0];
  // A change and its audit record commit together (a Db opens a transaction; a transaction is used as is).
  const audited = async (action: string, sql: string, params: unknown[]): Promise<SubscriptionRow | undefined> => {
    const run = async (tx: Queryable) => {
      const row = (await tx.query<SubscriptionRow>(sql, params)).rows[0];
      if (row) await auditCall(tx, `webhooks.subscriptions.${action}`, row.id, { target: row.target, hospitalCode: row.hospital_code, status: row.status });
      return row;
    };
    return "transaction" in db ? (db as Db).transaction(run) : run(db);
  };
  const values = (s: SubscriptionInput) => [s.target, s.hospitalCode, s.url, s.eventTypes, s.auth.kind, s.auth.kind === "oidc-mtls" ? s.auth.credentialsId : null, s.signingKeyIds];

  const store: SubscriptionStore = {
    async create(caller, input) {
      const valid = validateSubscriptionInput(caller, input);
      if (!valid.ok) return valid;
      const row = await audited(
        "create",
        `INSERT INTO webhook_subscriptions (id, target, hospital_code, url, event_types, auth_kind, credentials_id, signing_key_ids)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8::text[]) RETURNING ${COLUMNS}`,
        [newId(), ...values(valid.value)],
      );
      return { ok: true, value: toSubscription(row!) };
    },
    async get(caller, id) {
      const row = await one(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE ${SCOPED}`, [id, scopeOf(caller)]);
      return row ? { ok: true, value: toSubscription(row) } : notFound(id);
    },
    async list(caller) {
      const { rows } = await db.query<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE $1::text IS NULL OR hospital_code = $1 ORDER BY created_at, id`,
        [scopeOf(caller)],
      );
      return rows.map(toSubscription);
    },
    async update(caller, id, patch) {
      const found = await store.get(caller, id);
      if (!found.ok) return found;
      const { target, hospitalCode, url, eventTypes, auth, signingKeyIds } = { ...found.value, ...patch };
      const valid = validateSubscriptionInput(caller, { target, hospitalCode, url, eventTypes, auth, signingKeyIds });
      if (!valid.ok) return valid;
      const row = await audited(
        "update",
        `UPDATE webhook_subscriptions SET target = $3, hospital_code = $4, url = $5, event_types = $6::text[], auth_kind = $7,
           credentials_id = $8, signing_key_ids = $9::text[], updated_at = now()
         WHERE ${SCOPED} RETURNING ${COLUMNS}`,
        [id, scopeOf(caller), ...values(valid.value)],
      );
      return row ? { ok: true, value: toSubscription(row) } : notFound(id);
    },
    async remove(caller, id) {
      const row = await audited("delete", `DELETE FROM webhook_subscriptions WHERE ${SCOPED} RETURNING ${COLUMNS}`, [id, scopeOf(caller)]);
      return row ? { ok: true, value: undefined } : notFound(id);
    },
    async disable(id, reason) {
      await audited("disable", `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id, reason]);
    },
    async enable(caller, id) {
      const row = await audited(
        "enable",
        `UPDATE webhook_subscriptions SET status = 'active', disabled_reason = NULL, updated_at = now() WHERE ${SCOPED} RETURNING ${COLUMNS}`,
        [id, scopeOf(caller)],
      );
      return row ? { ok: true, value: toSubscription(row) } : notFound(id);
    },
    async matching(eventType, hospitalCode) {
      const { rows } = await db.query<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM webhook_subscriptions
         WHERE status = 'active' AND $1 = ANY(event_types) AND (target = 'mygdx' OR hospital_code = $2)
         ORDER BY id`,
        [eventType, hospitalCode ?? null],
      );
      return rows.map(toSubscription);
    },
  };
  return store;
}

