import { randomUUID } from "node:crypto";
import { webhookError } from "./errors.ts";
import type { AttemptLog, AttemptRecord, DeadLetter, DeadLetterStore, Subscription, SubscriptionStore } from "./ports.ts";
import { canSee, validateSubscriptionInput } from "./subscription-input.ts";

const notFound = (id: string) => ({ ok: false as const, error: webhookError("E_SUBSCRIPTION_NOT_FOUND", `no subscription ${id}`) });

/** Options of the in-memory stores: injectable clock and ids for deterministic tests. */
export type MemoryStoreOptions = { now?: () => Date; newId?: () => string };

/**
 * Subscriptions in memory, with the same scoping and validation rules as the SQL store will have.
 *
 * @example
 * const subs = createMemorySubscriptionStore();
 * await subs.create({ role: "hospital", hospitalCode: "H001" }, { target: "hospital", hospitalCode: "H001", ... });
 */
export function createMemorySubscriptionStore(options: MemoryStoreOptions = {}): SubscriptionStore {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => "sub_" + randomUUID().replaceAll("-", ""));
  const rows = new Map<string, Subscription>();
  const copy = (s: Subscription): Subscription => structuredClone(s);
  return {
    async create(caller, input) {
      const valid = validateSubscriptionInput(caller, input);
      if (!valid.ok) return valid;
      const at = now().toISOString();
      const sub: Subscription = { ...valid.value, id: newId(), status: "active", disabledReason: null, createdAt: at, updatedAt: at };
      rows.set(sub.id, sub);
      return { ok: true, value: copy(sub) };
    },
    async get(caller, id) {
      const sub = rows.get(id);
      return sub && canSee(caller, sub.hospitalCode) ? { ok: true, value: copy(sub) } : notFound(id);
    },
    async list(caller) {
      return [...rows.values()].filter((s) => canSee(caller, s.hospitalCode)).map(copy);
    },
    async update(caller, id, patch) {
      const sub = rows.get(id);
      if (!sub || !canSee(caller, sub.hospitalCode)) return notFound(id);
      const { target, hospitalCode, url, eventTypes, auth, signingKeyIds } = { ...sub, ...patch };
      const valid = validateSubscriptionInput(caller, { target, hospitalCode, url, eventTypes, auth, signingKeyIds });
      if (!valid.ok) return valid;
      const next: Subscription = { ...sub, ...valid.value, updatedAt: now().toISOString() };
      rows.set(id, next);
      return { ok: true, value: copy(next) };
    },
    async remove(caller, id) {
      const sub = rows.get(id);
      if (!sub || !canSee(caller, sub.hospitalCode)) return notFound(id);
      rows.delete(id);
      return { ok: true, value: undefined };
    },
    async disable(id, reason) {
      const sub = rows.get(id);
      if (sub) rows.set(id, { ...sub, status: "disabled", disabledReason: reason, updatedAt: now().toISOString() });
    },
    async enable(caller, id) {
      const sub = rows.get(id);
      if (!sub || !canSee(caller, sub.hospitalCode)) return notFound(id);
      const next: Subscription = { ...sub, status: "active", disabledReason: null, updatedAt: now().toISOString() };
      rows.set(id, next);
      return { ok: true, value: copy(next) };
    },
    async matching(eventType, hospitalCode) {
      return [...rows.values()]
        .filter((s) => s.status === "active" && (s.eventTypes as string[]).includes(eventType))
        .filter((s) => s.target === "mygdx" || (hospitalCode !== undefined && s.hospitalCode === hospitalCode))
        .map(copy);
    },
  };
}

/** The attempt log in memory (append-only), indexed by webhook id. */
export function createMemoryAttemptLog(): AttemptLog & { all(): AttemptRecord[] } {
  const rows: AttemptRecord[] = [];
  const byWebhook = new Map<string, AttemptRecord[]>();
  return {
    async record(attempt) {
      const row = { ...attempt };
      rows.push(row);
      const list = byWebhook.get(row.webhookId);
      if (list) list.push(row);
      else byWebhook.set(row.webhookId, [row]);
    },
    async list(webhookId) {
      return (byWebhook.get(webhookId) ?? []).map((r) => ({ ...r }));
    },
    async hasDelivered(webhookId) {
      return (byWebhook.get(webhookId) ?? []).some((r) => r.outcome === "delivered");
    },
    all: () => rows.map((r) => ({ ...r })),
  };
}

/** Dead letters in memory, one entry per webhook id. */
export function createMemoryDeadLetterStore(): DeadLetterStore {
  const rows = new Map<string, DeadLetter>();
  return {
    async put(entry) {
      rows.set(entry.webhookId, { ...entry });
    },
    async list(caller, filter = {}) {
      return [...rows.values()]
        .filter((d) => canSee(caller, d.hospitalCode))
        .filter((d) => (filter.subscriptionId === undefined || d.subscriptionId === filter.subscriptionId) && (filter.status === undefined || d.status === filter.status))
        .map((d) => ({ ...d }));
    },
    async get(caller, webhookId) {
      const d = rows.get(webhookId);
      return d && canSee(caller, d.hospitalCode)
        ? { ok: true, value: { ...d } }
        : { ok: false, error: webhookError("E_DEAD_LETTER_NOT_FOUND", `no dead letter ${webhookId}`) };
    },
    async markReplayed(webhookId, at) {
      const d = rows.get(webhookId);
      if (d) rows.set(webhookId, { ...d, status: "replayed", replayedAt: at });
    },
  };
}
