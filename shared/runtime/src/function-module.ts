import type { Hono } from "hono";
import type { Cache } from "@casemix/cache";
import type { Db } from "@casemix/db";
import type { ObjectStore } from "@casemix/storage";
import type { TokenVerifier } from "@casemix/auth";
import type { BaseEnv } from "./env.ts";
import type { FunctionDefinition } from "./handler.ts";
import type { Logger } from "./logger.ts";
import type { EventSink } from "./outbox-relay.ts";

/**
 * What every function gets from the runtime: the ports, created once per process from the parsed env
 * (embedded adapters when no connection variables are set). Handlers receive ports; they never
 * construct clients (CONVENTIONS.md #3).
 */
export type Platform = {
  env: BaseEnv;
  /** The raw variables, for a function to parse its own env schema from (`parseEnv(MySchema, platform.source)`). */
  source: Record<string, string | undefined>;
  db: Db;
  store: ObjectStore;
  cache: Cache;
  log: Logger;
  now: () => Date;
  /** Verifies bearer tokens on REST routes. */
  verifier: TokenVerifier;
  /** Sends events that start a flow outside any handled event (REST ingress, schedules), at least once. */
  send: EventSink;
};

/** A function as a process or the embedded mesh hosts it. */
export type FunctionInstance = {
  /** The event handler; absent for a function that only serves REST. */
  fn?: FunctionDefinition<unknown>;
  /** REST routes (authenticated inside), mounted at the root of the function's app. */
  routes?: Hono<any>;
  /** Work started with the function, such as a poller; stopped on shutdown. */
  close?: () => Promise<void>;
};

/**
 * The default export of `functions/<name>/src/function.ts`. The runtime discovers these by folder,
 * so no shared package imports a function (dependencies point functions -> shared -> events).
 *
 * @example
 * export default defineFunction({ name: "validate", create: (p) => ({ fn: createValidate(p) }) });
 */
export type FunctionModule = {
  name: string;
  create(platform: Platform): FunctionInstance | Promise<FunctionInstance>;
};

export function defineFunction(module: FunctionModule): FunctionModule {
  return module;
}
