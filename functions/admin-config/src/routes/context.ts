import type { Principal } from "@casemix/auth";
import type { Db } from "@casemix/db";

/** What admin-config's REST operations need. */
export type AdminConfigDeps = { db: Db; now: () => Date };

export type AdminConfigVariables = { principal: Principal };

/** The REST error body: `{ error: { code, message, details? } }`. */
export const errorBody = (code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });
