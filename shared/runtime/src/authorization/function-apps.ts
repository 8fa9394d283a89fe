import { Hono } from "hono";
import { answerError } from "../answer-error.ts";
import { createProbesApp } from "../app.ts";
import { loadFunctionModules } from "../discover.ts";
import type { Platform } from "../function-module.ts";

export type FunctionApp = { name: string; app: Hono; close(): Promise<void> };

/** An operation as a Hono router registered it: method and path (`:param` syntax). */
export type Operation = { method: string; path: string };

/**
 * Every function under functions/ hosted as its public Service hosts it (`casemix function <name>` with
 * FUNCTION_SERVES=rest, run-function.ts): its REST routes, then the probes, errors answered by
 * answerError. The event ingress is not there: it is never public, and takes event tokens, not users'.
 */
export async function createFunctionApps(platform: Platform): Promise<FunctionApp[]> {
  const apps: FunctionApp[] = [];
  for (const module of await loadFunctionModules()) {
    const instance = await module.create(platform);
    const app = new Hono();
    app.onError((error, c) => answerError(error, c, platform.log));
    if (instance.routes) app.route("/", instance.routes);
    app.route("/", createProbesApp({ ready: () => platform.db.ping(), name: module.name }));
    apps.push({ name: module.name, app, close: async () => instance.close?.() });
  }
  return apps;
}

/** The operations an app's router holds; `use` middleware (method ALL) is not an operation. */
export function registeredOperations(app: Hono): Operation[] {
  const seen = new Map<string, Operation>();
  for (const r of app.routes) if (r.method !== "ALL") seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  return [...seen.values()];
}

/** The operations an OpenAPI document lists, with its `{param}` paths in Hono's `:param` syntax. */
export function documentedOperations(doc: { paths?: Record<string, Record<string, unknown>> }): Operation[] {
  const methods = new Set(["get", "post", "put", "patch", "delete"]);
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item).filter((m) => methods.has(m)).map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{([^}]+)\}/g, ":$1") })),
  );
}
