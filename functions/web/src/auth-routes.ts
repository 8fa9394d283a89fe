import type { Hono, MiddlewareHandler } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { TokenVerifier } from "@casemix/auth";
import { LANG_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE, type WebDeps, type WebVariables } from "./context.ts";
import { takeFlash } from "./flash.ts";
import { langOf, translator, isLang } from "./i18n/index.ts";
import { newCsrfToken, type PendingSignIn, type Session } from "./session.ts";

/** Only paths of this application are returned to after sign-in (no open redirect). */
const safeReturn = (to: string | undefined) => (to && /^\/app(\/[A-Za-z0-9_\-./?=&%]*)?$/.test(to) && !to.includes("//") ? to : "/app/batches");

const cookieOptions = (deps: WebDeps, maxAge: number) => ({ path: "/app", httpOnly: true, sameSite: "Lax" as const, secure: deps.env.WEB_SECURE_COOKIES === "true", maxAge });

/** The callback address the issuer sends the browser back to: this request's own origin. */
const callbackUrl = (requestUrl: string) => new URL("/app/callback", requestUrl).href;

/** Sign-in (OIDC authorization code + PKCE), callback, sign-out and the language switch. */
export function registerAuthRoutes(app: Hono<{ Variables: WebVariables }>, deps: WebDeps, verifier: TokenVerifier): void {
  app.get("/app/sign-in", async (c) => {
    const { url, pending } = await deps.oidc().start(callbackUrl(c.req.url), safeReturn(c.req.query("returnTo")));
    setCookie(c, SIGN_IN_COOKIE, await deps.sealer.seal(pending, 600), cookieOptions(deps, 600));
    return c.redirect(url, 303);
  });

  app.get("/app/callback", async (c) => {
    const pending = await deps.sealer.open<PendingSignIn>(getCookie(c, SIGN_IN_COOKIE));
    deleteCookie(c, SIGN_IN_COOKIE, { path: "/app" });
    if (!pending) return c.redirect("/app/sign-in", 303);
    const tokens = await deps.oidc().finish(new URL(c.req.url), callbackUrl(c.req.url), pending);
    // The APIs verify the token on every call; verifying it here too gives the roles and hospital the pages use.
    const principal = await verifier(tokens.accessToken);
    const ttl = Math.max(60, Math.min(tokens.expiresIn, 12 * 3600));
    const session: Session = {
      accessToken: tokens.accessToken, subject: principal.subject, name: tokens.name ?? principal.subject, roles: principal.roles,
      ...(principal.hospital ? { hospital: principal.hospital } : {}), csrf: newCsrfToken(), expiresAt: Date.now() + ttl * 1000,
    };
    setCookie(c, SESSION_COOKIE, await deps.sealer.seal(session, ttl), cookieOptions(deps, ttl));
    return c.redirect(pending.returnTo, 303);
  });

  app.post("/app/sign-out", async (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/app" });
    return c.redirect("/app/sign-in", 303);
  });

  app.post("/app/language", async (c) => {
    const form = await c.req.parseBody();
    if (isLang(form.lang)) setCookie(c, LANG_COOKIE, form.lang, { path: "/app", sameSite: "Lax", maxAge: 365 * 86400 });
    return c.redirect(safeReturn(typeof form.returnTo === "string" ? form.returnTo : undefined), 303);
  });
}

/** Every other page needs a session: without one (or an expired one), the browser goes to sign in. */
export function sessionMiddleware(deps: WebDeps): MiddlewareHandler<{ Variables: WebVariables }> {
  return async (c, next) => {
    const lang = langOf(getCookie(c, LANG_COOKIE), c.req.header("accept-language"));
    const session = await deps.sealer.open<Session>(getCookie(c, SESSION_COOKIE));
    if (!session || session.expiresAt < Date.now()) {
      const to = `/app/sign-in?returnTo=${encodeURIComponent(c.req.method === "GET" ? c.req.path : "/app/batches")}`;
      if (c.req.header("hx-request")) return c.body(null, 200, { "hx-redirect": to });
      return c.redirect(to, 303);
    }
    c.set("session", session);
    c.set("page", { t: translator(lang), lang, session, path: c.req.path, flash: takeFlash(c) });
    await next();
  };
}
