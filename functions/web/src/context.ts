import type { Context } from "hono";
import type { ApiAnswer, ApiClient } from "./api.ts";
import type { OidcClient } from "./oidc.ts";
import type { PageContext } from "./layout.ts";
import type { Sealer, Session } from "./session.ts";
import type { WebEnv } from "./env.ts";

export type WebDeps = { env: WebEnv; api: ApiClient; sealer: Sealer; oidc: () => OidcClient };

/** Set by the session middleware on every page under /app. */
export type WebVariables = { session: Session; page: PageContext };
export type WebContext = Context<{ Variables: WebVariables }>;

export const SESSION_COOKIE = "casemix_session";
export const SIGN_IN_COOKIE = "casemix_sign_in";
export const LANG_COOKIE = "casemix_lang";
export const FLASH_COOKIE = "casemix_flash";

/**
 * What a page does with an API's refusal: 401 (the token expired) signs in again, 403 and 404 are
 * pages of their own; anything else is an error page naming the API's code.
 */
export function refusal(c: WebContext, answer: ApiAnswer<unknown>): Response | undefined {
  if (answer.ok) return undefined;
  if (answer.status === 401) return c.redirect(`/app/sign-in?returnTo=${encodeURIComponent(c.req.path)}`, 303);
  const { t } = c.get("page");
  const message = answer.status === 403 ? t("forbidden") : answer.status === 404 ? t("notFound") : `${answer.error?.code ?? answer.status}: ${answer.error?.message ?? ""}`;
  throw new PageError(answer.status >= 500 ? 502 : answer.status, message);
}

export class PageError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
