import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whose rows a transaction may see under row-level security (migration 0760): the system scope
 * (pipeline events, national roles), one hospital, or none (a request whose caller is not known yet).
 */
export type DbScope = { kind: "system" } | { kind: "hospital"; hospital: string } | { kind: "none" };

export const SYSTEM_SCOPE: DbScope = { kind: "system" };

/** Who a call or event acts for: a person from a REST call, or a function for pipeline work. */
export type Caller = { actor: string; roles: readonly string[]; hospital?: string; requestId?: string; traceId?: string };

/** What an HTTP request or a handled event runs under; functions, so a request can learn its caller late. */
export type CallContext = { scope: () => DbScope; caller: () => Caller | undefined };

const store = new AsyncLocalStorage<CallContext>();

/**
 * Runs `fn` under a call context every query and audit record under it inherits (across awaits).
 *
 * @example
 * await runInContext({ scope: () => ({ kind: "hospital", hospital: "H001" }), caller: () => undefined }, () => db.query("select * from batch"));
 */
export function runInContext<T>(context: CallContext, fn: () => T): T {
  return store.run(context, fn);
}

/** Runs `fn` in a scope with no known caller (tests, and work with no person behind it). */
export function runInScope<T>(scope: DbScope, fn: () => T): T {
  return store.run({ scope: () => scope, caller: () => undefined }, fn);
}

/**
 * The scope of the current async context. Outside any (a poller, a CLI, the outbox relay) it is the
 * system scope: the boundary that fails closed is the HTTP request, which always opens one.
 */
export function currentScope(): DbScope {
  return store.getStore()?.scope() ?? SYSTEM_SCOPE;
}

/** The caller of the current async context, if a request or an event named one. */
export function currentCaller(): Caller | undefined {
  return store.getStore()?.caller();
}

/** The statement that sets the scope for the rest of the transaction only (`is_local`). */
export function scopeStatement(scope: DbScope): { sql: string; params: string[] } {
  const system = scope.kind === "system" ? "system" : "";
  const hospital = scope.kind === "hospital" ? scope.hospital : "";
  return { sql: "select set_config('casemix.scope', $1, true), set_config('casemix.hospital', $2, true)", params: [system, hospital] };
}
