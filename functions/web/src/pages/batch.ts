import type { Hono } from "hono";
import { html } from "hono/html";
import { layout, pager, type Html } from "../layout.ts";
import { refusal, type WebDeps, type WebVariables } from "../context.ts";
import type { T } from "../i18n/index.ts";

type BatchStatus = {
  batchId: string; hospitalCode: string; fileName: string | null; status: string; error: { code: string; message: string } | null;
  counts: Record<string, number>; progress: { settled: number; total: number; percent: number };
};
type BatchClaim = { rowNo: number; claimNumber: string | null; claimId: string | null; version: number | null; state: string; errors: { code: string; field?: string; message: string }[] };

const BATCH_ID = /^bat_[A-Za-z0-9_-]{1,64}$/;
const STATE = /^[a-z_]{1,32}$/;

/** The progress block; refreshed by htmx every two seconds while the batch is still being worked on. */
function progressBlock(t: T, b: BatchStatus): Html {
  const live = b.status === "receiving" || b.status === "processing";
  return html`<section id="progress" aria-labelledby="progress-h"${live ? html` hx-get="/app/batches/${b.batchId}/progress" hx-trigger="every 2s" hx-swap="outerHTML"` : ""}>
<h2 id="progress-h">${t("progress")}</h2>
<p>${t("status")}: <strong>${b.status}</strong>${b.error ? html` (${b.error.code}: ${b.error.message})` : ""}</p>
<p><progress max="100" value="${b.progress.percent}" aria-labelledby="progress-h"></progress> ${t("progressText", b.progress)}</p>
<table><caption>${t("claimsByState")}</caption><thead><tr><th scope="col">${t("state")}</th><th scope="col">${t("count")}</th></tr></thead>
<tbody>${Object.entries(b.counts).map(([state, n]) => html`<tr><td><a href="/app/batches/${b.batchId}?state=${state}">${state}</a></td><td class="num">${n}</td></tr>`)}</tbody></table>
</section>`;
}

function claimsTable(t: T, caption: string, claims: BatchClaim[]): Html {
  if (claims.length === 0) return html`<p>${t("none")}</p>`;
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${t("row")}</th><th scope="col">${t("claimNumber")}</th><th scope="col">${t("state")}</th><th scope="col">${t("reasons")}</th></tr></thead>
<tbody>${claims.map((r) => html`<tr><td class="num">${r.rowNo}</td><td>${r.claimId && r.state !== "rejected" ? html`<a href="/app/claims/${r.claimId}">${r.claimNumber}</a>` : r.claimNumber ?? "–"}</td><td>${r.state}</td>
<td>${r.errors.length === 0 ? "" : html`<ul class="reasons">${r.errors.map((e) => html`<li><code>${e.code}</code>${e.field ? html` <span class="field">${e.field}</span>` : ""}: ${e.message}</li>`)}</ul>`}</td></tr>`)}</tbody></table>`;
}

/** A batch: progress (live), its claims by state with the reasons of those rejected, and its result file. */
export function registerBatchPage(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/batches/:batchId", async (c) => {
    const batchId = c.req.param("batchId");
    const page = c.get("page");
    const { t } = page;
    if (!BATCH_ID.test(batchId)) return c.html(layout(page, t("notFound"), html``), 404);
    const token = c.get("session").accessToken;
    const stateParam = c.req.query("state");
    const state = stateParam && STATE.test(stateParam) ? stateParam : "rejected";
    const after = c.req.query("after");
    const status = await deps.api.json<BatchStatus>("intake", `/v1/batches/${batchId}`, token);
    const refused = refusal(c, status);
    if (refused) return refused;
    const q = new URLSearchParams({ state, limit: "50", ...(after && /^\d{1,10}$/.test(after) ? { after } : {}) });
    const claims = await deps.api.json<{ claims: BatchClaim[]; next: number | null }>("intake", `/v1/batches/${batchId}/claims?${q}`, token);
    const refusedClaims = refusal(c, claims);
    if (refusedClaims) return refusedClaims;
    const b = status.body;
    const caption = state === "rejected" ? t("rejectedClaims") : `${t("state")}: ${state}`;
    return c.html(
      layout(page, `${t("batchTitle")} ${b.batchId}`, html`<p>${t("hospital")}: ${b.hospitalCode} · ${t("file")}: ${b.fileName ?? "–"}</p>
${progressBlock(t, b)}
<p><a href="/app/batches/${b.batchId}/result.csv" download>${t("resultFile")}</a></p>
<section aria-labelledby="claims-h"><h2 id="claims-h">${caption}</h2>${claimsTable(t, caption, claims.body.claims)}${pager(t, `/app/batches/${b.batchId}`, { state }, claims.body.next, !after)}</section>`),
    );
  });

  app.get("/app/batches/:batchId/progress", async (c) => {
    const batchId = c.req.param("batchId");
    if (!BATCH_ID.test(batchId)) return c.body(null, 404);
    const status = await deps.api.json<BatchStatus>("intake", `/v1/batches/${batchId}`, c.get("session").accessToken);
    const refused = refusal(c, status);
    if (refused) return refused;
    return c.html(progressBlock(c.get("page").t, status.body));
  });

  app.get("/app/batches/:batchId/result.csv", async (c) => {
    const batchId = c.req.param("batchId");
    if (!BATCH_ID.test(batchId)) return c.body(null, 404);
    const res = await deps.api.raw("intake", `/v1/batches/${batchId}/result.csv`, c.get("session").accessToken);
    return new Response(res.body, { status: res.status, headers: { "content-type": res.headers.get("content-type") ?? "text/csv", "content-disposition": `attachment; filename="${batchId}-result.csv"` } });
  });
}
