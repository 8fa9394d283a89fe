import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whose rows a transaction may see under row-level security (migration 0760): the system scope
 * (pipeline events, national roles), one hospital, or none (a request whose caller is not known yet).
 */
export type DbScope = { kind: "system" } | { kind: "hospital"; hospital: string } | { kind: "none" };

export const SYSTEM_SCOPE: DbScope = { kind: "system" };

const store = new AsyncLocalStorage<() => DbScope>();

/**
 * Runs `fn` with a scope every query under it inherits (across awaits). A function is read when a
 * transaction starts, so an HTTP request can open the scope before its caller is verified.
 *
 * @example
 * await runInScope({ kind: "hospital", hospital: "H001" }, () => db.query("select * from batch"));
 */
export function runInScope<T>(scope: DbScope | (() => DbScope), fn: () => T): T {
  return store.run(typeof scope === "function" ? scope : () => scope, fn);
}

/**
 * The scope of the current async context. Outside any (a poller, a CLI, the outbox relay) it is the
 * system scope: the boundary that fails closed is the HTTP request, which always opens one.
 */
export function currentScope(): DbScope {
  return store.getStore()?.() ?? SYSTEM_SCOPE;
}

/** The statement that sets the scope for the rest of the transaction only (`is_local`). */
export function scopeStatement(scope: DbScope): { sql: string; params: string[] } {
  const system = scope.kind === "system" ? "system" : "";
  const hospital = scope.kind === "hospital" ? scope.hospital : "";
  return { sql: "select set_config('casemix.scope', $1, true), set_config('casemix.hospital', $2, true)", params: [system, hospital] };
}
