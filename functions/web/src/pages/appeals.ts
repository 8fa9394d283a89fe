import type { Hono } from "hono";
import { html } from "hono/html";
import { AppealStateSchema } from "@casemix/events";
import { refusal, type WebContext, type WebDeps, type WebVariables } from "../context.ts";
import { layout, pager } from "../layout.ts";
import { may } from "../permissions.ts";
import { actionsBlock, APPEAL_ID, evidenceBlock, factsBlock, reasonText, resultBlock, transitionsBlock, when, type Appeal, type AppealView } from "./appeal-views.ts";
import { registerAppealForms } from "./appeal-forms.ts";

const EVIDENCE_ID = /^evd_[a-f0-9]{24}$/;
/** The appeals list's cursor as the API writes it (`<created_at ISO>|<appeal id>`); any other is dropped, not sent. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|apl_[a-f0-9]{24}$/;
const HOSPITAL = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const STATES: readonly string[] = AppealStateSchema.options;

function filterForm(c: WebContext, state: string | undefined, hospital: string | undefined) {
  const { t, session } = c.get("page");
  return html`<form method="get" action="/app/appeals" class="filter">
<label for="state">${t("state")}</label> <select id="state" name="state"><option value="">${t("allStates")}</option>${STATES.map((s) => html`<option value="${s}"${s === state ? html` selected` : ""}>${s}</option>`)}</select>
${session?.hospital ? "" : html`<label for="hospital">${t("hospitalFilter")}</label> <input id="hospital" name="hospital" value="${hospital ?? ""}" pattern="[A-Z0-9][A-Z0-9-]{1,31}">`}
<button type="submit">${t("show")}</button></form>`;
}

/**
 * Appeals: the list (a hospital's own, or every hospital's for the ministry; by state; a page at a time),
 * one appeal with its moves, evidence and result before and after, and the forms the person may use.
 */
export function registerAppealPages(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/appeals", async (c) => {
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    const stateParam = c.req.query("state");
    const state = stateParam && STATES.includes(stateParam) ? stateParam : undefined;
    const hospitalParam = c.req.query("hospital");
    // A hospital token lists its own hospital's appeals: the API says so, the page does not ask for another's.
    const hospital = !session.hospital && hospitalParam && HOSPITAL.test(hospitalParam) ? hospitalParam : undefined;
    const after = c.req.query("after");
    const q = new URLSearchParams({ limit: "25", ...(state ? { state } : {}), ...(hospital ? { hospital } : {}), ...(after && CURSOR.test(after) ? { after } : {}) });
    const answer = await deps.api.json<{ appeals: Appeal[]; next: string | null }>("appeals", `/v1/appeals?${q}`, session.accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const { appeals, next } = answer.body;
    const table = appeals.length === 0
      ? html`<p>${t("none")}</p>`
      : html`<table><caption>${t("appealsTitle")}</caption><thead><tr><th scope="col">${t("appeal")}</th><th scope="col">${t("claimTitle")}</th><th scope="col">${t("hospital")}</th><th scope="col">${t("reason")}</th><th scope="col">${t("state")}</th><th scope="col">${t("stateSince")}</th><th scope="col">${t("filedAt")}</th></tr></thead>
<tbody>${appeals.map((a) => html`<tr><td><a href="/app/appeals/${a.appealId}">${a.appealId}</a></td><td><a href="/app/claims/${a.claimId}">${a.claimId}</a> v${a.claimVersion}</td><td>${a.hospitalCode}</td><td>${reasonText(t, a.reasonCode)}</td><td>${a.state}</td><td>${when(a.stateSince)}</td><td>${when(a.createdAt)}</td></tr>`)}</tbody></table>`;
    const hint = may(session, "appeals.file", session.hospital) ? html`<p>${t("appealsHint")}</p>` : "";
    return c.html(layout(page, t("appealsTitle"), html`${hint}${filterForm(c, state, hospital)}<section aria-label="${t("appealsTitle")}">${table}${pager(t, "/app/appeals", { state, hospital }, next, !after)}</section>`));
  });

  app.get("/app/appeals/:appealId", async (c) => {
    const appealId = c.req.param("appealId");
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    if (!APPEAL_ID.test(appealId)) return c.html(layout(page, t("notFound"), html``), 404);
    const answer = await deps.api.json<AppealView>("appeals", `/v1/appeals/${appealId}`, session.accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const a = answer.body;
    return c.html(
      layout(page, t("appealTitle", { appealId: a.appealId }), html`${factsBlock(t, a)}${resultBlock(t, a)}${actionsBlock(t, session, a)}${evidenceBlock(t, session, a)}${transitionsBlock(t, a.transitions)}`),
    );
  });

  app.get("/app/appeals/:appealId/evidence/:evidenceId", async (c) => {
    const { appealId, evidenceId } = c.req.param();
    const { t } = c.get("page");
    if (!APPEAL_ID.test(appealId) || !EVIDENCE_ID.test(evidenceId)) return c.html(layout(c.get("page"), t("notFound"), html``), 404);
    const res = await deps.api.raw("appeals", `/v1/appeals/${appealId}/evidence/${evidenceId}`, c.get("session").accessToken);
    if (!res.ok) {
      // A refusal is the API's JSON error: shown as a page (not-found, forbidden, sign in again), never passed through.
      const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
      return refusal(c, { status: res.status, ok: false, body: undefined, ...(body?.error ? { error: body.error } : {}) })!;
    }
    const headers: Record<string, string> = { "content-type": res.headers.get("content-type") ?? "application/octet-stream", "x-content-type-options": "nosniff" };
    const disposition = res.headers.get("content-disposition");
    if (disposition) headers["content-disposition"] = disposition;
    return new Response(res.body, { status: 200, headers });
  });

  registerAppealForms(app, deps);
}
