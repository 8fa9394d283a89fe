import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Queryable } from "./port.ts";
import { currentCaller, type Caller } from "./scope.ts";

/**
 * One audit record (migration 0750): who (actor, roles, hospital) did what (action) to which object,
 * under which request and trace. Never a patient identifier: objects are batch, claim and period ids.
 */
export type AuditEntry = {
  actor: string;
  roles?: readonly string[];
  hospital?: string | null;
  action: string;
  object: string;
  requestId?: string | null;
  traceId?: string | null;
  detail?: Record<string, unknown>;
};

export const GENESIS_HASH = "0".repeat(64);

// Set once at start by createDb from CASEMIX_AUDIT; the writer id names this process's chains.
const config = {
  enabled: true,
  writer: `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`,
  lanes: 16,
};

/** `enabled: false` (CASEMIX_AUDIT=off) writes no audit records: the benchmark's "off" side only. */
export function configureAudit(options: { enabled?: boolean; writer?: string; lanes?: number }): void {
  Object.assign(config, Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
}

export function auditEnabled(): boolean {
  return config.enabled;
}

// A transaction appends to one lane; concurrent transactions of this process take different lanes in
// turn, so they never wait on one another's chain head (the head row is locked until commit).
const laneOf = new WeakMap<Queryable, string>();
let nextLane = 0;

function chainFor(tx: Queryable): string {
  let chain = laneOf.get(tx);
  if (!chain) {
    chain = `${config.writer}/${nextLane}`;
    nextLane = (nextLane + 1) % config.lanes;
    laneOf.set(tx, chain);
  }
  return chain;
}

/** JSON with object keys sorted at every depth: jsonb reorders keys, so the hash must not depend on order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export type AuditRecordFields = {
  chain: string; at: string; actor: string; roles: readonly string[]; hospital: string | null; action: string;
  object: string; request_id: string | null; trace_id: string | null; detail: unknown;
};

/** The text a record's hash covers (with the previous hash): every column but id, seq and the hashes. */
export function canonicalAudit(r: AuditRecordFields): string {
  return stableJson({
    chain: r.chain, at: new Date(r.at).toISOString(), actor: r.actor, roles: [...r.roles], hospital: r.hospital,
    action: r.action, object: r.object, requestId: r.request_id, traceId: r.trace_id, detail: r.detail,
  });
}

export function linkHash(prev: string, canonical: string): string {
  return createHash("sha256").update(`${prev}\n${canonical}`, "utf8").digest("hex");
}

// The head moves and the record is inserted in one statement; the hash is computed by the database
// from the head it has locked, so a rolled-back transaction leaves the chain as it was.
const APPEND = `with link as (
  insert into audit_chain as c (chain, seq, prev, head)
  values ($1, 1, '${GENESIS_HASH}', encode(sha256(convert_to('${GENESIS_HASH}' || chr(10) || $2, 'UTF8')), 'hex'))
  on conflict (chain) do update set seq = c.seq + 1, prev = c.head,
    head = encode(sha256(convert_to(c.head || chr(10) || $2, 'UTF8')), 'hex')
  returning seq, prev, head
)
insert into audit_record (chain, seq, prev_hash, hash, at, actor, roles, hospital, action, object, request_id, trace_id, detail)
select $1, seq, prev, head, $3::timestamptz, $4, $5::text[], $6, $7, $8, $9, $10, $11::jsonb from link`;

/**
 * Appends an audit record inside the caller's transaction (so it commits or rolls back with the
 * change it records). Per call or event, never per claim row. Does nothing when auditing is off.
 *
 * @example
 * await db.transaction(async (tx) => { await closePeriod(tx); await appendAudit(tx, { actor, action: "period.close", object: "2026-01" }); });
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  if (!config.enabled) return;
  const fields: AuditRecordFields = {
    chain: chainFor(tx), at: at.toISOString(), actor: entry.actor, roles: entry.roles ?? [], hospital: entry.hospital ?? null,
    action: entry.action, object: entry.object, request_id: entry.requestId ?? null, trace_id: entry.traceId ?? null,
    detail: JSON.parse(JSON.stringify(entry.detail ?? {})),
  };
  await tx.query(APPEND, [
    fields.chain, canonicalAudit(fields), fields.at, fields.actor, [...fields.roles], fields.hospital, fields.action,
    fields.object, fields.request_id, fields.trace_id, JSON.stringify(fields.detail),
  ]);
}

/**
 * CloudEvent extensions naming the person an event was caused by, copied from the REST call onto the
 * events it starts and from each handled event onto the events it causes.
 */
export const CALLER_EXTENSIONS = { actor: "casemixactor", roles: "casemixroles", hospital: "casemixhospital", requestId: "casemixrequest" } as const;

/** The caller's extensions for an event (empty when there is no caller). */
export function callerExtensions(caller: Caller | undefined = currentCaller()): Record<string, string> {
  if (!caller) return {};
  const out: Record<string, string> = { [CALLER_EXTENSIONS.actor]: caller.actor };
  if (caller.roles.length) out[CALLER_EXTENSIONS.roles] = caller.roles.join(" ");
  if (caller.hospital) out[CALLER_EXTENSIONS.hospital] = caller.hospital;
  if (caller.requestId) out[CALLER_EXTENSIONS.requestId] = caller.requestId;
  return out;
}

/** The caller an event carries in its extensions, if a person caused it. */
export function callerOfEvent(event: Record<string, unknown>, traceId?: string): Caller | undefined {
  const actor = event[CALLER_EXTENSIONS.actor];
  if (typeof actor !== "string" || !actor) return undefined;
  const roles = event[CALLER_EXTENSIONS.roles];
  const hospital = event[CALLER_EXTENSIONS.hospital];
  const requestId = event[CALLER_EXTENSIONS.requestId];
  return {
    actor,
    roles: typeof roles === "string" ? roles.split(" ").filter(Boolean) : [],
    ...(typeof hospital === "string" && hospital ? { hospital } : {}),
    ...(typeof requestId === "string" && requestId ? { requestId } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

/** Stamps the current caller on events that do not name one already. */
export function withCaller<E extends Record<string, unknown>>(events: readonly E[], caller: Caller | undefined = currentCaller()): E[] {
  const ext = callerExtensions(caller);
  if (!ext[CALLER_EXTENSIONS.actor]) return [...events];
  return events.map((e) => (e[CALLER_EXTENSIONS.actor] ? e : { ...e, ...ext }));
}

/**
 * Audits the current call (the REST caller, or `system` when none) inside the caller's transaction.
 *
 * @example
 * await auditCall(tx, "period.close", "2026-01", { reclose: false });
 */
export async function auditCall(tx: Queryable, action: string, object: string, detail?: Record<string, unknown>): Promise<void> {
  const caller = currentCaller();
  await appendAudit(tx, {
    actor: caller?.actor ?? "system", roles: caller?.roles ?? [], hospital: caller?.hospital ?? null, action, object,
    requestId: caller?.requestId ?? null, traceId: caller?.traceId ?? null, detail,
  });
}
