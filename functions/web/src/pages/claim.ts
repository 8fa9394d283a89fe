import type { Hono } from "hono";
import { html } from "hono/html";
import { layout, ringgit, type Html } from "../layout.ts";
import { refusal, type WebDeps, type WebVariables } from "../context.ts";
import type { T } from "../i18n/index.ts";
import { disputeForm } from "./appeal-views.ts";

type Trace = { checksFailed?: string[]; mdcsEntered?: string[]; rulesTried?: string[]; matchedRule?: string | null; severityCodes?: { code: string; level: string }[]; excludedCodes?: { code: string; level: string; exclusion: string }[] };
type Version = {
  version: number; batchId: string; rowNo: number; state: string | null; errors: { code: string; message: string }[];
  groupings: { definitionVersionId: string; mdc: string; adrg: string; drg: string; severity: string | null; status: string; reason: string; trace: Trace | null }[];
  prices: Record<string, string | null>[];
  outlier: { runId: string; flagged: boolean; flags: { kind: string; reason: string }[] }[];
  reviews: { runId: string; status: string; decidedBy: string | null; decidedAt: string | null; comment: string | null }[];
};
type ClaimView = { claim: { claimId: string; hospitalCode: string; claimNumber: string; currentVersion: number; period: string | null; admissionDate: string | null; dischargeDate: string | null }; versions: Version[] };

const list = (items: readonly string[] | undefined, t: T) => (items && items.length > 0 ? html`<ol>${items.map((i) => html`<li><code>${i}</code></li>`)}</ol>` : html`<p>${t("none")}</p>`);

function traceBlock(t: T, trace: Trace | null): Html {
  if (!trace) return html``;
  return html`<h4>${t("groupingTrace")}</h4>
<dl class="trace">
<dt>${t("checksFailed")}</dt><dd>${list(trace.checksFailed, t)}</dd>
<dt>${t("mdcsEntered")}</dt><dd>${list(trace.mdcsEntered, t)}</dd>
<dt>${t("rulesTried")}</dt><dd>${list(trace.rulesTried, t)}</dd>
<dt>${t("matchedRule")}</dt><dd><code>${trace.matchedRule ?? "–"}</code></dd>
<dt>${t("severityCodes")}</dt><dd>${list(trace.severityCodes?.map((s) => `${s.code} (${s.level})`), t)}</dd>
<dt>${t("excludedCodes")}</dt><dd>${list(trace.excludedCodes?.map((s) => `${s.code} (${s.level}, ${s.exclusion})`), t)}</dd>
</dl>`;
}

/** The payment in words, component by component, as a finance officer recomputes it (shared/pricing). */
export function formulaLines(t: T, p: Record<string, string | null>): string[] {
  if (p.errorCode) return [t("unpriceable", { code: p.errorCode })];
  const lines = [t("formulaBase", { baseRate: ringgit(p.baseRateSen), weight: p.weight ?? "–", basePayment: ringgit(p.basePaymentSen) })];
  if (p.losAdjustmentSen && p.losAdjustmentSen !== "0") lines.push(t("formulaLos", { losCase: p.losCase ?? "–", losDays: p.losDays ?? "–", losRate: p.losRate ?? "–", losAdjustment: ringgit(p.losAdjustmentSen) }));
  if (p.transferAdjustmentSen && p.transferAdjustmentSen !== "0") lines.push(t("formulaTransfer", { transferAdjustment: ringgit(p.transferAdjustmentSen) }));
  if (p.outlierPaymentSen && p.outlierPaymentSen !== "0") {
    lines.push(t("formulaOutlier", { charges: ringgit(p.totalChargesSen), threshold: ringgit(p.outlierThresholdSen), rate: p.outlierMarginalRate ?? "–", outlierPayment: ringgit(p.outlierPaymentSen) }));
  }
  lines.push(t("formulaTotal", { total: ringgit(p.totalSen) }));
  return lines;
}

function versionBlock(t: T, v: Version): Html {
  return html`<section aria-labelledby="v${v.version}-h"><h2 id="v${v.version}-h">${t("version")} ${v.version}</h2>
<p>${t("state")}: <strong class="state">${v.state ?? "–"}</strong> · ${t("batch")}: <a href="/app/batches/${v.batchId}?state=${v.state ?? "rejected"}">${v.batchId}</a>, ${t("row")} ${v.rowNo}</p>
${v.groupings.map((g) => html`<h3>${t("grouping")}: ${g.drg}</h3><p>MDC ${g.mdc} · ADRG ${g.adrg} · ${g.status} (${g.reason})${g.severity ? html` · ${g.severity}` : ""} · ${t("definition")} <code>${g.definitionVersionId}</code></p>${traceBlock(t, g.trace)}`)}
${v.prices.map((p) => html`<h3>${t("price")}: ${ringgit(p.totalSen)} <small>(${t("run")} <code>${p.runId}</code>)</small></h3>
<h4>${t("formula")}</h4><ul class="formula">${formulaLines(t, p).map((line) => html`<li>${line}</li>`)}</ul>`)}
<h3>${t("outlierFlags")}</h3>
${v.outlier.some((o) => o.flagged) ? html`<ul>${v.outlier.flatMap((o) => o.flags).map((f) => html`<li><strong>${f.kind}</strong>: ${f.reason}</li>`)}</ul>` : html`<p>${t("notFlagged")}</p>`}
${v.reviews.map((r) => html`<p class="review">${t("review")}: <strong>${r.status}</strong>${r.decidedBy ? html` · ${t("decidedBy")} ${r.decidedBy} · ${r.decidedAt?.slice(0, 19).replace("T", " ")}` : ""}${r.comment ? html` · ${t("comment")}: ${r.comment}` : ""}</p>`)}
</section>`;
}

/** A claim: every version, newest first, with its grouping trace, price formula, flags and review. */
export function registerClaimPage(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.get("/app/claims/:claimId", async (c) => {
    const claimId = c.req.param("claimId");
    const page = c.get("page");
    const { t } = page;
    if (!/^clm_[A-Za-z0-9_-]{1,64}$/.test(claimId)) return c.html(layout(page, t("notFound"), html``), 404);
    const answer = await deps.api.json<ClaimView>("intake", `/v1/claims/${claimId}`, c.get("session").accessToken);
    const refused = refusal(c, answer);
    if (refused) return refused;
    const { claim, versions } = answer.body;
    const current = versions.find((v) => v.version === claim.currentVersion);
    return c.html(
      layout(page, `${t("claimTitle")} ${claim.claimNumber}`, html`<dl class="facts">
<dt>${t("claimTitle")}</dt><dd><code>${claim.claimId}</code></dd><dt>${t("hospital")}</dt><dd>${claim.hospitalCode}</dd>
<dt>${t("period")}</dt><dd>${claim.period ?? "–"}</dd><dt>${t("admission")}</dt><dd>${claim.admissionDate ?? "–"}</dd><dt>${t("discharge")}</dt><dd>${claim.dischargeDate ?? "–"}</dd>
<dt>${t("version")}</dt><dd>${claim.currentVersion}</dd></dl>
${disputeForm(t, c.get("session"), claim, current?.state ?? null)}
${[...versions].reverse().map((v) => versionBlock(t, v))}`),
    );
  });
}
