import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { MiddlewareHandler } from "hono";
import { FLASH_COOKIE, PageError, type WebContext, type WebVariables } from "./context.ts";

/** Redirects after a form (post/redirect/get) with a one-line message shown once on the next page. */
export function flash(c: WebContext, message: string, to: string): Response {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(message.slice(0, 500)), { path: "/app", httpOnly: true, sameSite: "Lax", maxAge: 60 });
  return c.redirect(to, 303);
}

/** The message left by {@link flash}, taken once. */
export function takeFlash(c: WebContext): string | undefined {
  const value = getCookie(c, FLASH_COOKIE);
  if (value === undefined) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: "/app" });
  return decodeURIComponent(value);
}

/**
 * Every form that changes something carries the session's CSRF token: the session cookie is SameSite=Lax
 * already, and this also refuses a same-site page that was not ours.
 */
export const requireCsrf: MiddlewareHandler<{ Variables: WebVariables }> = async (c, next) => {
  const type = c.req.header("content-type") ?? "";
  const form = type.includes("form") ? await c.req.parseBody() : {};
  if (form.csrf !== c.get("session").csrf) throw new PageError(403, "the form is stale or not ours (CSRF token): reload the page and try again");
  await next();
};
