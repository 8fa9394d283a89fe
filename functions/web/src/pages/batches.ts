import type { Hono } from "hono";
import { html } from "hono/html";
import { layout, mayUse, pager } from "../layout.ts";
import { refusal, type WebDeps, type WebVariables } from "../context.ts";
import { flash, requireCsrf } from "../flash.ts";

type BatchSummary = { batchId: string; hospitalCode: string; fileName: string | null; status: string; rowsReceived: number; createdAt: string };

const SUBMITTERS = ["hospital", "hospital-coder", "ministry", "admin"];

/** The batch list (newest first, paginated) with the form that submits a claim file. */
export function registerBatchList(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/batches", async (c) => {
    const session = c.get("session");
    const page = c.get("page");
    const { t } = page;
    const after = c.req.query("after");
    const q = new URLSearchParams({ limit: "25", ...(after ? { after } : {}) });
    const answer = await deps.api.json<{ batches: BatchSummary[]; next: string | null }>("intake", `/v1/batches?${q}`, session.accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const { batches, next } = answer.body;
    const form = mayUse(session, SUBMITTERS)
      ? html`<section aria-labelledby="submit-h"><h2 id="submit-h">${t("submitFile")}</h2>
<form method="post" action="/app/batches" enctype="multipart/form-data">
  <input type="hidden" name="csrf" value="${session.csrf}">
  ${session.hospital ? "" : html`<p><label for="hospital">${t("hospitalLabel")}</label> <input id="hospital" name="hospital" required pattern="[A-Z0-9][A-Z0-9-]{1,31}"></p>`}
  <p><label for="file">${t("fileLabel")}</label> <input id="file" name="file" type="file" accept=".csv,text/csv" required></p>
  <p><button type="submit">${t("submit")}</button></p>
</form></section>`
      : "";
    const table = batches.length === 0
      ? html`<p>${t("none")}</p>`
      : html`<table><caption>${t("batchesTitle")}</caption><thead><tr><th scope="col">${t("batch")}</th><th scope="col">${t("hospital")}</th><th scope="col">${t("file")}</th><th scope="col">${t("status")}</th><th scope="col">${t("rows")}</th><th scope="col">${t("created")}</th></tr></thead>
<tbody>${batches.map((b) => html`<tr><td><a href="/app/batches/${b.batchId}">${b.batchId}</a></td><td>${b.hospitalCode}</td><td>${b.fileName ?? "–"}</td><td>${b.status}</td><td class="num">${b.rowsReceived}</td><td>${b.createdAt.slice(0, 19).replace("T", " ")}</td></tr>`)}</tbody></table>`;
    return c.html(layout(page, t("batchesTitle"), html`${form}<section aria-label="${t("batchesTitle")}">${table}${pager(t, "/app/batches", {}, next, !after)}</section>`));
  });

  app.post("/app/batches", requireCsrf, async (c) => {
    const session = c.get("session");
    const { t } = c.get("page");
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) return flash(c, t("fileRequired"), "/app/batches");
    const hospital = session.hospital ?? String(form.hospital ?? "");
    const q = new URLSearchParams({ hospital, fileName: file.name.slice(0, 200) });
    const answer = await deps.api.json<{ batchId: string; rows: number }>("intake", `/v1/batches?${q}`, session.accessToken, {
      method: "POST", body: new Uint8Array(await file.arrayBuffer()), contentType: "text/csv",
    });
    if (answer.status === 401) return refusal(c, answer)!;
    if (!answer.ok) return flash(c, `${answer.error?.code ?? answer.status}: ${answer.error?.message ?? ""}`, "/app/batches");
    return flash(c, t("submitted", { batchId: answer.body.batchId, rows: answer.body.rows }), `/app/batches/${answer.body.batchId}`);
  });
}
