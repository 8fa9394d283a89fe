import type { RawObjects } from "@casemix/storage";
import type { Principal } from "@casemix/auth";
import type { Platform } from "@casemix/runtime";
import type { IntakeEnv } from "../env.ts";

/** What the REST operations need. */
/** `raw`: where raw uploads go, envelope-encrypted (raw-files.ts). */
export type IntakeDeps = { platform: Platform; env: IntakeEnv; pseudonymKey: string; raw: RawObjects };

export type IntakeVariables = { principal: Principal };

/** The REST error body: `{ error: { code, message } }`, with the batch id when one was made. */
export const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });
