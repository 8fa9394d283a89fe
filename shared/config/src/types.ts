import type { ConfigKind } from "@casemix/events";

export type { ConfigKind };

/** A configuration version as listed (content not included). Dates are `YYYY-MM-DD`. */
export type ConfigVersion = {
  /** `cfg_...` */
  id: string;
  kind: ConfigKind;
  label: string;
  effectiveFrom: string;
  /** Exclusive; null means open-ended. The range is [effectiveFrom, effectiveTo). */
  effectiveTo: string | null;
  status: "draft" | "published";
  sha256: string;
  source: string | null;
  createdAt: string;
  publishedAt: string | null;
};

/** A draft to store: the content is the validated package, tariff or register (plain JSON data). */
export type ConfigDraft = {
  kind: ConfigKind;
  label: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  content: unknown;
  source?: string;
};

/** A configuration error with a stable code; `status` is the HTTP status it maps to. */
export class ConfigError extends Error {
  readonly code: string;
  readonly status: 400 | 404 | 409;
  readonly details?: unknown;
  constructor(code: string, message: string, status: 400 | 404 | 409 = 400, details?: unknown) {
    super(message);
    this.name = "ConfigError";
    this.code = code;
    this.status = status;
    this.details = details;
  }
}
