import type { Principal } from "@casemix/auth";
import type { ConfigStore } from "@casemix/config";

/** What group's REST operations need. */
export type GroupApiDeps = { config: ConfigStore };

export type GroupApiVariables = { principal: Principal };

/** The REST error body: `{ error: { code, message } }`. */
export const errorBody = (code: string, message: string) => ({ error: { code, message } });
