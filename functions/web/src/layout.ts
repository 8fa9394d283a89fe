import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { LANG_NAMES, LANGS, type Lang, type T } from "./i18n/index.ts";
import { rolesGranted } from "./permissions.ts";
import type { Session } from "./session.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page knows about its request. */
export type PageContext = { t: T; lang: Lang; session?: Session; path: string; flash?: string };

/** Whether a navigation entry is shown: only what the person's roles can use (do not show what they cannot do). */
const NAV: { href: string; key: Parameters<T>[0]; roles: string[] }[] = [
  { href: "/app/batches", key: "navBatches", roles: ["hospital", "hospital-coder", "hospital-finance", "ministry", "auditor", "admin"] },
  { href: "/app/reviews", key: "navReviews", roles: ["hospital", "hospital-coder", "hospital-finance", "moh-reviewer", "ministry", "finance", "auditor", "admin"] },
  { href: "/app/decisions", key: "navDecisions", roles: ["hospital", "hospital-coder", "hospital-finance", "moh-reviewer", "ministry", "finance", "auditor", "admin"] },
  { href: "/app/periods", key: "navPeriods", roles: ["ministry", "finance", "auditor", "admin"] },
  { href: "/app/appeals", key: "navAppeals", roles: rolesGranted("appeals.list") },
];

export const mayUse = (session: Session | undefined, roles: readonly string[]) => !!session && session.roles.some((r) => roles.includes(r));

/** The page shell: skip link, navigation, language switch, sign-out, and the page's own content. */
export function layout(ctx: PageContext, title: string, content: Html): Html {
  const { t, session } = ctx;
  const nav = NAV.filter((n) => mayUse(session, n.roles));
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t("appName")}</title>
<link rel="stylesheet" href="/app/assets/app.css">
<script src="/app/assets/htmx.min.js" defer></script>
</head>
<body>
<a class="skip" href="#content">${t("skipToContent")}</a>
<header>
  <p class="brand"><a href="/app">${t("appName")}</a></p>
  ${nav.length > 0 ? html`<nav aria-label="${t("mainNavigation")}"><ul>${nav.map((n) => html`<li><a href="${n.href}"${ctx.path.startsWith(n.href) ? html` aria-current="page"` : ""}>${t(n.key)}</a></li>`)}</ul></nav>` : ""}
  <form method="post" action="/app/language" class="lang">
    <input type="hidden" name="returnTo" value="${ctx.path}">
    <label for="lang-select">${t("language")}</label>
    <select id="lang-select" name="lang">${LANGS.map((l) => html`<option value="${l}"${l === ctx.lang ? html` selected` : ""}>${LANG_NAMES[l]}</option>`)}</select>
    <button type="submit">${t("changeLanguage")}</button>
  </form>
  ${session
    ? html`<form method="post" action="/app/sign-out" class="who"><span>${t("signedInAs")} ${session.name}</span><input type="hidden" name="csrf" value="${session.csrf}"><button type="submit">${t("signOut")}</button></form>`
    : html`<a href="/app/sign-in">${t("signIn")}</a>`}
</header>
<main id="content">
<h1>${title}</h1>
${ctx.flash ? html`<p class="flash" role="status">${ctx.flash}</p>` : ""}
${content}
</main>
</body>
</html>`;
}

/** Pagination links for a keyset list: back to the first page, and the next page when there is one. */
export function pager(t: T, path: string, query: Record<string, string | undefined>, next: string | number | null, isFirst: boolean): Html {
  const href = (after?: string) => {
    const q = new URLSearchParams(Object.entries({ ...query, after }).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  if (next === null && isFirst) return html``;
  return html`<nav class="pager" aria-label="${t("pagination")}"><ul>
  ${isFirst ? "" : html`<li><a href="${href()}">${t("firstPage")}</a></li>`}
  ${next === null ? "" : html`<li><a href="${href(String(next))}" rel="next">${t("nextPage")}</a></li>`}
</ul></nav>`;
}

/** Integer sen as ringgit with two decimals (exact: string arithmetic, no floating point). */
export function ringgit(sen: string | number | null | undefined): string {
  if (sen === null || sen === undefined || sen === "") return "–";
  const s = String(sen);
  const negative = s.startsWith("-");
  const digits = (negative ? s.slice(1) : s).padStart(3, "0");
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}RM ${whole}.${digits.slice(-2)}`;
}
