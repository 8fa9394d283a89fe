import { z } from "zod";
import { parseEnv } from "@casemix/runtime";
import { MasterKeysSchema } from "@casemix/storage";

/**
 * Intake's own variables, parsed once at start (CONVENTIONS.md #4). The pseudonym key is required
 * whenever a real database is configured; the embedded default runs with a fixed development key
 * so a fresh machine needs no setup (never use it with real patient data).
 */
export const IntakeEnvSchema = z
  .object({
    DATABASE_URL: z.string().optional(),
    /** HMAC-SHA256 key for patient identifiers: at least 32 characters. */
    PATIENT_PSEUDONYM_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Master keys that wrap each raw upload's data key: `id=<base64 of 32 bytes>`, comma-separated,
     * the first current (older ones still open what they wrapped). Required with DATABASE_URL.
     */
    RAW_MASTER_KEYS: MasterKeysSchema.optional(),
    /** Days a raw upload is kept; the sweep then deletes it and reprocess refuses (E_RAW_EXPIRED). */
    RAW_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
    /** Seconds between sweeps for expired raw uploads; 0 turns the sweep off. */
    RAW_SWEEP_SECONDS: z.coerce.number().int().min(0).default(3600),
    /** Claims per landing chunk. */
    INTAKE_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
    /** Largest file accepted, in bytes (a 1M-claim CSV is about 250 MB). */
    INTAKE_MAX_FILE_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
    /** Largest JSON document (one claim, or a batch sent as one JSON array); larger batches go as CSV or NDJSON. */
    INTAKE_MAX_JSON_BYTES: z.coerce.number().int().positive().default(64 * 1024 ** 2),
    SFTP_HOST: z.string().optional(),
    SFTP_PORT: z.coerce.number().int().min(1).max(65535).default(22),
    SFTP_USER: z.string().optional(),
    SFTP_KEY_PATH: z.string().optional(),
    SFTP_KNOWN_HOSTS: z.string().optional(),
    SFTP_DIR: z.string().default("/upload"),
    /** Seconds between SFTP polls; 0 turns the schedule off (the CLI can still pull once). */
    SFTP_POLL_SECONDS: z.coerce.number().int().min(0).default(0),
    /** A remote file modified more recently than this may still be being written; it waits. */
    SFTP_MIN_AGE_SECONDS: z.coerce.number().min(0).default(2),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.PATIENT_PSEUDONYM_KEY) {
      ctx.addIssue({ code: "custom", path: ["PATIENT_PSEUDONYM_KEY"], message: "is required when DATABASE_URL is set" });
    }
    if (env.DATABASE_URL && !env.RAW_MASTER_KEYS) {
      ctx.addIssue({ code: "custom", path: ["RAW_MASTER_KEYS"], message: "is required when DATABASE_URL is set" });
    }
  });
export type IntakeEnv = z.infer<typeof IntakeEnvSchema>;

/** Development-only key of the embedded default (see above). */
export const DEV_PSEUDONYM_KEY = "casemix-embedded-development-key-not-for-real-data";

/** Parses intake's env from the source the runtime read (Platform.source). */
export function loadIntakeEnv(source: Record<string, string | undefined>): IntakeEnv {
  return parseEnv(IntakeEnvSchema, source);
}
