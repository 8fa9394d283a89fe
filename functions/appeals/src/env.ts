import { z } from "zod";
import { parseEnv } from "@casemix/runtime";
import { MasterKeysSchema } from "@casemix/storage";
import { parseDeadlines } from "./deadlines.ts";

/** Media types evidence may have, as sniffed from the bytes (never the file name or the header). */
export const EVIDENCE_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;

/**
 * The appeals function's variables, parsed once at start (CONVENTIONS.md #4).
 */
export const AppealsEnvSchema = z.object({
  DATABASE_URL: z.string().optional(),
  /**
   * Master keys that wrap each evidence file's data key (the same set as intake's raw uploads: evidence,
   * like a raw file, holds patient data in clear). Required with DATABASE_URL; the embedded default
   * uses a development key and says so.
   */
  RAW_MASTER_KEYS: MasterKeysSchema.optional(),
  /** Largest evidence file accepted, in bytes (default 10 MiB: a scanned discharge summary). */
  APPEALS_EVIDENCE_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 ** 2),
  /**
   * ClamAV's signature database (a folder or one file, clamscan's `-d`): in production the folder
   * freshclam fills from the ministry's mirror. Evidence is refused (503) while it holds no signatures:
   * nothing unscanned is ever stored.
   */
  APPEALS_CLAMAV_DB: z.string().min(1).default("/var/lib/clamav"),
  /** The clamd socket (`/run/clamav/clamd.ctl` or `host:port`): scans with the daemon's loaded signatures instead of starting clamscan per file. */
  APPEALS_CLAMD: z.string().min(1).optional(),
  /** How long an appeal may stay in each state (issue 19: for example 30 days to decide). */
  APPEALS_DEADLINES: z
    .string()
    .default("filed=P5D,under_review=P30D,decided=P2D,applied=P14D")
    .transform((text, ctx) => {
      try {
        return parseDeadlines(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
}).superRefine((env, ctx) => {
  if (env.DATABASE_URL && !env.RAW_MASTER_KEYS) ctx.addIssue({ code: "custom", path: ["RAW_MASTER_KEYS"], message: "is required when DATABASE_URL is set" });
});
export type AppealsEnv = z.infer<typeof AppealsEnvSchema>;

export const loadAppealsEnv = (source: Record<string, string | undefined>): AppealsEnv => parseEnv(AppealsEnvSchema, source);
