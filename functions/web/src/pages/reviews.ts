import type { Hono } from "hono";
import { html } from "hono/html";
import { layout, mayUse, pager } from "../layout.ts";
import { refusal, type WebDeps, type WebVariables } from "../context.ts";
import { flash, requireCsrf } from "../flash.ts";

type Review = {
  claimId: string; version: number; runId: string; hospitalCode: string; period: string | null; batchId: string;
  flags: { kind: string; reason: string }[]; status: string; decidedBy: string | null; decidedAt: string | null; comment: string | null; createdAt: string;
};

const DECIDERS = ["moh-reviewer", "ministry", "auditor", "admin"];
const CURSOR = /^[0-9TZ:.-]{24}\|clm_[A-Za-z0-9_-]{1,64}$/;

const reviewsQuery = (status: string, after: string | undefined) => new URLSearchParams({ status, limit: "25", ...(after && CURSOR.test(after) ? { after } : {}) });

/** The outlier review queue (open reviews, oldest first) with accept/reject forms, and the decision log. */
export function registerReviewPages(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/reviews", async (c) => {
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    const after = c.req.query("after");
    const answer = await deps.api.json<{ reviews: Review[]; next: string | null }>("flag-outlier", `/v1/outlier-reviews?${reviewsQuery("open", after)}`, session.accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const decide = mayUse(session, DECIDERS);
    const rows = answer.body.reviews.map((r, i) => html`<tr>
<td><a href="/app/claims/${r.claimId}">${r.claimId}</a> v${r.version}</td><td>${r.hospitalCode}</td><td>${r.period ?? "–"}</td>
<td><ul>${r.flags.map((f) => html`<li><strong>${f.kind}</strong>: ${f.reason}</li>`)}</ul></td>
${decide ? html`<td><form method="post" action="/app/reviews/${r.claimId}/${r.version}">
<input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="runId" value="${r.runId}">
<label for="comment-${i}">${t("reasonLabel")}</label> <input id="comment-${i}" name="comment" maxlength="2000">
<button type="submit" name="decision" value="accept">${t("accept")}</button> <button type="submit" name="decision" value="reject">${t("reject")}</button>
</form></td>` : ""}</tr>`);
    const table = rows.length === 0
      ? html`<p>${t("none")}</p>`
      : html`<table><caption>${t("reviewsTitle")}</caption><thead><tr><th scope="col">${t("claimTitle")}</th><th scope="col">${t("hospital")}</th><th scope="col">${t("period")}</th><th scope="col">${t("flags")}</th>${decide ? html`<th scope="col">${t("decision")}</th>` : ""}</tr></thead><tbody>${rows}</tbody></table>`;
    return c.html(layout(page, t("reviewsTitle"), html`${table}${pager(t, "/app/reviews", {}, answer.body.next, !after)}`));
  });

  app.post("/app/reviews/:claimId/:version", requireCsrf, async (c) => {
    const session = c.get("session");
    const { t } = c.get("page");
    const { claimId, version } = c.req.param();
    const form = await c.req.parseBody();
    const decision = form.decision === "reject" ? "reject" : "accept";
    if (!/^clm_[A-Za-z0-9_-]{1,64}$/.test(claimId) || !/^\d{1,10}$/.test(version)) return flash(c, t("notFound"), "/app/reviews");
    const comment = String(form.comment ?? "").trim();
    const answer = await deps.api.json<Review>("flag-outlier", `/v1/outlier-reviews/${claimId}/${version}/${decision}`, session.accessToken, {
      method: "POST", body: { runId: String(form.runId ?? ""), ...(comment ? { comment } : {}) },
    });
    if (answer.status === 401) return refusal(c, answer)!;
    if (!answer.ok) return flash(c, `${answer.error?.code ?? answer.status}: ${answer.error?.message ?? ""}`, "/app/reviews");
    return flash(c, t("decided", { claimId, version, decision: t(decision === "accept" ? "accepted" : "rejected") }), `/app/decisions?status=${answer.body.status}`);
  });

  app.get("/app/decisions", async (c) => {
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    const status = c.req.query("status") === "rejected" ? "rejected" : "accepted";
    const after = c.req.query("after");
    const answer = await deps.api.json<{ reviews: Review[]; next: string | null }>("flag-outlier", `/v1/outlier-reviews?${reviewsQuery(status, after)}`, session.accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const tabs = html`<nav aria-label="${t("decision")}"><ul class="tabs">${(["accepted", "rejected"] as const).map((s) => html`<li><a href="/app/decisions?status=${s}"${s === status ? html` aria-current="page"` : ""}>${t(s)}</a></li>`)}</ul></nav>`;
    const table = answer.body.reviews.length === 0
      ? html`<p>${t("none")}</p>`
      : html`<table><caption>${t("decisionsTitle")}: ${t(status)}</caption><thead><tr><th scope="col">${t("claimTitle")}</th><th scope="col">${t("hospital")}</th><th scope="col">${t("flags")}</th><th scope="col">${t("decidedBy")}</th><th scope="col">${t("decidedAt")}</th><th scope="col">${t("comment")}</th></tr></thead>
<tbody>${answer.body.reviews.map((r) => html`<tr><td><a href="/app/claims/${r.claimId}">${r.claimId}</a> v${r.version}</td><td>${r.hospitalCode}</td><td>${r.flags.map((f) => f.kind).join(", ")}</td><td>${r.decidedBy ?? "–"}</td><td>${r.decidedAt?.slice(0, 19).replace("T", " ") ?? "–"}</td><td>${r.comment ?? ""}</td></tr>`)}</tbody></table>`;
    return c.html(layout(page, t("decisionsTitle"), html`${tabs}${table}${pager(t, "/app/decisions", { status }, answer.body.next, !after)}`));
  });
}
