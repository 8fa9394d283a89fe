import type { Hono } from "hono";
import { html } from "hono/html";
import { layout, mayUse, pager, ringgit } from "../layout.ts";
import { refusal, type WebDeps, type WebVariables } from "../context.ts";
import { flash, requireCsrf } from "../flash.ts";

type PeriodView = {
  period: string; status: string; closeRunId: string | null; closedAt: string | null; currentTotalSen: string; currentClaims: number;
  runs: { runId: string; kind: string; status: string; totalSen: string | null; deltaSen: string | null; createdAt: string }[];
};

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CLOSERS = ["finance", "admin"];
const REPORT_READERS = ["moh-reviewer", "ministry", "finance", "auditor", "admin"];

/** Periods: the list (newest first), one period's status, runs, close button and its report files. */
export function registerPeriodPages(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/periods", async (c) => {
    const page = c.get("page");
    const { t } = page;
    const chosen = c.req.query("period");
    if (chosen && PERIOD.test(chosen)) return c.redirect(`/app/periods/${chosen}`, 303);
    const after = c.req.query("after");
    const q = new URLSearchParams({ limit: "24", ...(after && PERIOD.test(after) ? { after } : {}) });
    const answer = await deps.api.json<{ periods: { period: string; status: string; closedAt: string | null }[]; next: string | null }>("price", `/v1/periods?${q}`, c.get("session").accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const { periods, next } = answer.body;
    return c.html(
      layout(page, t("periodsTitle"), html`<form method="get" action="/app/periods"><label for="period">${t("periodLabel")}</label> <input id="period" name="period" required pattern="\\d{4}-(0[1-9]|1[0-2])"> <button type="submit">${t("show")}</button></form>
${periods.length === 0 ? html`<p>${t("none")}</p>` : html`<table><caption>${t("periodsTitle")}</caption><thead><tr><th scope="col">${t("period")}</th><th scope="col">${t("status")}</th><th scope="col">${t("completed")}</th></tr></thead>
<tbody>${periods.map((p) => html`<tr><td><a href="/app/periods/${p.period}">${p.period}</a></td><td>${p.status}</td><td>${p.closedAt?.slice(0, 19).replace("T", " ") ?? "–"}</td></tr>`)}</tbody></table>`}
${pager(t, "/app/periods", {}, next, !after)}`),
    );
  });

  app.get("/app/periods/:period", async (c) => {
    const period = c.req.param("period");
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    if (!PERIOD.test(period)) return c.html(layout(page, t("notFound"), html``), 404);
    const answer = await deps.api.json<PeriodView>("price", `/v1/periods/${period}`, session.accessToken);
    if (answer.status !== 404) {
      const refused = refusal(c, answer);
      if (refused) return refused;
    }
    const view = answer.ok ? answer.body : undefined;
    const figures = mayUse(session, REPORT_READERS) ? await deps.api.json<Record<string, unknown>>("report", `/v1/reports/${period}`, session.accessToken) : undefined;
    const closedBefore = !!view && view.status !== "open";
    const close = mayUse(session, CLOSERS)
      ? html`<form method="post" action="/app/periods/${period}/close"><input type="hidden" name="csrf" value="${session.csrf}">
<button type="submit"${closedBefore ? html` name="reclose" value="true"` : ""}>${closedBefore ? t("reclosePeriod") : t("closePeriod")}</button></form>`
      : "";
    const runs = view && view.runs.length > 0
      ? html`<table><caption>${t("runs")}</caption><thead><tr><th scope="col">${t("run")}</th><th scope="col">${t("kind")}</th><th scope="col">${t("status")}</th><th scope="col">${t("total")}</th><th scope="col">${t("delta")}</th><th scope="col">${t("created")}</th></tr></thead>
<tbody>${view.runs.map((r) => html`<tr><td><code>${r.runId}</code></td><td>${r.kind}</td><td>${r.status}</td><td class="num">${ringgit(r.totalSen)}</td><td class="num">${ringgit(r.deltaSen)}</td><td>${r.createdAt.slice(0, 19).replace("T", " ")}</td></tr>`)}</tbody></table>`
      : "";
    // The national figures a period report states (report's FigureSchema), in the page's language.
    const FIGURES: [string, Parameters<typeof t>[0], boolean][] = [
      ["cases", "figCases", false], ["casemixIndex", "casemixIndex", false], ["averageLos", "figAverageLos", false],
      ["totalSen", "figTotal", true], ["meanSen", "figMean", true], ["flagged", "figFlagged", false], ["outlierRate", "figOutlierRate", false],
    ];
    const reports = figures === undefined ? "" : figures.ok
      ? html`<section aria-labelledby="reports-h"><h2 id="reports-h">${t("reports")}</h2>
<dl class="facts">${FIGURES.filter(([k]) => figures.body[k] !== undefined && figures.body[k] !== null).map(([k, key, money]) => html`<dt>${t(key)}</dt><dd>${money ? ringgit(String(figures.body[k])) : String(figures.body[k])}</dd>`)}</dl>
<ul><li><a href="/app/periods/${period}/report.pdf" download>${t("reportPdf")}</a></li><li><a href="/app/periods/${period}/report.csv" download>${t("reportCsv")}</a></li></ul></section>`
      : html`<section aria-labelledby="reports-h"><h2 id="reports-h">${t("reports")}</h2><p>${t("noReport")}</p></section>`;
    const facts = view
      ? html`<dl class="facts"><dt>${t("status")}</dt><dd><strong>${view.status}</strong></dd><dt>${t("currentTotal")}</dt><dd>${ringgit(view.currentTotalSen)}</dd><dt>${t("currentClaims")}</dt><dd>${view.currentClaims}</dd></dl>`
      : html`<p>${t("neverClosed")}</p>`;
    return c.html(layout(page, t("periodTitle", { period }), html`${facts}${close}${runs}${reports}`));
  });

  app.post("/app/periods/:period/close", requireCsrf, async (c) => {
    const period = c.req.param("period");
    const session = c.get("session");
    const { t } = c.get("page");
    if (!PERIOD.test(period)) return flash(c, t("notFound"), "/app/periods");
    const form = await c.req.parseBody();
    const answer = await deps.api.json<{ runId: string }>("scheduler", `/v1/periods/${period}/close`, session.accessToken, { method: "POST", body: form.reclose === "true" ? { reclose: true } : {} });
    if (answer.status === 401) return refusal(c, answer)!;
    if (!answer.ok) return flash(c, `${answer.error?.code ?? answer.status}: ${answer.error?.message ?? ""}`, `/app/periods/${period}`);
    return flash(c, t("closeStarted", { period, runId: answer.body.runId }), `/app/periods/${period}`);
  });

  app.get("/app/periods/:period/:file{report\\.(pdf|csv)}", async (c) => {
    const { period, file } = c.req.param();
    const format = file.slice("report.".length);
    if (!PERIOD.test(period)) return c.body(null, 404);
    const res = await deps.api.raw("report", `/v1/reports/${period}/files/${format}`, c.get("session").accessToken);
    const headers: Record<string, string> = { "content-type": res.headers.get("content-type") ?? "application/octet-stream" };
    const disposition = res.headers.get("content-disposition");
    if (disposition) headers["content-disposition"] = disposition;
    return new Response(res.body, { status: res.status, headers });
  });
}
