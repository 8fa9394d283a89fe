import { z } from "zod";
import { parseEnv } from "@casemix/runtime";

/** The functions whose REST APIs the pages call. */
export const API_FUNCTIONS = ["intake", "flag-outlier", "price", "scheduler", "report", "appeals"] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export const WebEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OIDC_ISSUER: z.string().url().optional(),
  /** The OIDC client the application signs in as: public, authorization code + PKCE (Keycloak realm: casemix-web). */
  WEB_OIDC_CLIENT_ID: z.string().default("casemix-web"),
  WEB_OIDC_SCOPE: z.string().default("openid"),
  /** Seals the session cookie (32+ characters). Without it a random one per process: sessions end with the process. */
  WEB_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Where every API is when one address serves them all (the embedded mesh); default this process's own port. */
  WEB_API_URL: z.string().url().optional(),
  /** Per function, `name=url,name=url` (casemix mesh sets it: each function on its own port). */
  WEB_API_URLS: z
    .string()
    .regex(/^[a-z-]+=https?:\/\/[^,\s]+(,[a-z-]+=https?:\/\/[^,\s]+)*$/, "must be name=url,name=url")
    .optional(),
  /** Cookies marked Secure (set when the application is served over HTTPS). */
  WEB_SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
});
export type WebEnv = z.infer<typeof WebEnvSchema>;

export function loadWebEnv(source: Record<string, string | undefined>): WebEnv {
  return parseEnv(WebEnvSchema, source);
}

/** The base URL of each API function, from WEB_API_URLS over WEB_API_URL over this process's port. */
export function apiUrls(env: WebEnv): Record<ApiFunction, string> {
  const base = (env.WEB_API_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, "");
  const given = new Map((env.WEB_API_URLS ?? "").split(",").filter(Boolean).map((pair) => pair.split("=", 2) as [string, string]));
  return Object.fromEntries(API_FUNCTIONS.map((name) => [name, (given.get(name) ?? base).replace(/\/$/, "")])) as Record<ApiFunction, string>;
}
