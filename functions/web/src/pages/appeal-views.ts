import { html } from "hono/html";
import { AppealDecisionSchema } from "@casemix/events";
import type { MessageKey, T } from "../i18n/index.ts";
import { ringgit, type Html } from "../layout.ts";
import { may } from "../permissions.ts";
import type { Session } from "../session.ts";

type Result = { claimVersion: number; drg: string | null; totalSen: string | null };
/** An appeal as the appeals API answers it (functions/appeals routes/context.ts AppealSchema). */
export type Appeal = {
  appealId: string; hospitalCode: string; claimId: string; claimVersion: number; reasonCode: string; reasonText: string;
  state: string; stateSince: string; escalatedAt: string | null; filedBy: string; reviewer: string | null;
  decision: string | null; decisionNote: string | null; coding: Record<string, unknown> | null;
  before: (Result & { period: string | null }) | null; after: (Result & { runId: string | null }) | null;
  applyError: { code?: string; message?: string } | null; createdAt: string;
};
export type Transition = { seq: number; from: string | null; to: string; actor: string; at: string };
export type Evidence = { evidenceId: string; fileName: string; mediaType: string; bytes: number; sha256: string; uploadedBy: string; createdAt: string };
export type AppealView = Appeal & { transitions: Transition[]; evidence: Evidence[] };

/** An appeal id as the appeals API makes them; any other is not sent. */
export const APPEAL_ID = /^apl_[a-f0-9]{24}$/;

/** The reasons the appeals API takes (functions/appeals routes/file.ts REASON_CODES), in the page's words. */
export const REASONS: Record<string, MessageKey> = {
  A_WRONG_PDX: "reasonWrongPdx", A_WRONG_SDX: "reasonWrongSdx", A_WRONG_PROCEDURE: "reasonWrongProcedure", A_GROUPING: "reasonGrouping",
  A_PAYMENT: "reasonPayment", A_OUTLIER: "reasonOutlier", A_OTHER: "reasonOther",
};
const DECISION_LABELS: Record<string, MessageKey> = { upheld: "decisionUpheld", overturned: "decisionOverturned", partly: "decisionPartly" };

export const reasonText = (t: T, code: string) => (REASONS[code] ? t(REASONS[code]) : code);
export const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 19).replace("T", " ") : "–");

/** The moves a page offers in each state: the API's own table (functions/appeals states.ts) decides; these only hide refused forms. */
const EVIDENCE_STATES = ["filed", "under_review"];
/** States with a decision still to come or to be applied (withdrawn never gets a result after). */
const OPEN_STATES = ["filed", "under_review", "decided"];

/** The "Dispute this result" form of a claim page: only for who may file on this claim, and only on a settled current version. */
export function disputeForm(t: T, session: Session, claim: { claimId: string; hospitalCode: string; currentVersion: number }, currentState: string | null): Html {
  if (!may(session, "appeals.file", claim.hospitalCode) || !["final", "under_review"].includes(currentState ?? "")) return html``;
  return html`<section aria-labelledby="dispute-h"><h2 id="dispute-h">${t("disputeTitle")}</h2>
<p>${t("disputeIntro", { version: claim.currentVersion })}</p>
<form method="post" action="/app/appeals">
  <input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="claimId" value="${claim.claimId}"><input type="hidden" name="claimVersion" value="${claim.currentVersion}">
  <p><label for="reasonCode">${t("reasonCodeLabel")}</label> <select id="reasonCode" name="reasonCode" required>${Object.entries(REASONS).map(([code, key]) => html`<option value="${code}">${t(key)}</option>`)}</select></p>
  <p><label for="reasonText">${t("reasonTextLabel")}</label><br><textarea id="reasonText" name="reasonText" rows="4" cols="60" maxlength="2000" required></textarea></p>
  <p><button type="submit">${t("fileAppeal")}</button></p>
</form></section>`;
}

/** The appeal's facts: claim, reason, who filed and reviewed, the decision and its coding. */
export function factsBlock(t: T, a: Appeal): Html {
  return html`<dl class="facts">
<dt>${t("state")}</dt><dd><strong>${a.state}</strong> (${t("stateSince")} ${when(a.stateSince)})</dd>
<dt>${t("claimTitle")}</dt><dd><a href="/app/claims/${a.claimId}">${a.claimId}</a>, ${t("version")} ${a.claimVersion}</dd>
<dt>${t("hospital")}</dt><dd>${a.hospitalCode}</dd>
<dt>${t("reason")}</dt><dd>${reasonText(t, a.reasonCode)} (<code>${a.reasonCode}</code>): ${a.reasonText}</dd>
<dt>${t("filedBy")}</dt><dd>${a.filedBy}, ${when(a.createdAt)}</dd>
<dt>${t("reviewer")}</dt><dd>${a.reviewer ?? "–"}</dd>
${a.decision ? html`<dt>${t("decision")}</dt><dd><strong>${a.decision}</strong></dd>` : ""}
${a.decisionNote ? html`<dt>${t("decisionNote")}</dt><dd>${a.decisionNote}</dd>` : ""}
${a.coding ? html`<dt>${t("correctedCoding")}</dt><dd><code>${JSON.stringify(a.coding)}</code></dd>` : ""}
${a.escalatedAt ? html`<dt>${t("escalatedAt")}</dt><dd>${when(a.escalatedAt)}</dd>` : ""}
${a.applyError ? html`<dt>${t("applyError")}</dt><dd><code>${a.applyError.code ?? ""}</code> ${a.applyError.message ?? ""}</dd>` : ""}
</dl>`;
}

/** The DRG and payment of the appealed version, and of the version in force once the decision is applied. */
export function resultBlock(t: T, a: Appeal): Html {
  if (!a.before && !a.after) return html``;
  const cell = (r: Result | null) => (r ? [html`${r.claimVersion}`, html`${r.drg ?? "–"}`, html`${ringgit(r.totalSen)}`] : [html`–`, html`–`, html`–`]);
  const before = cell(a.before);
  const after = cell(a.after);
  const rows: [string, number][] = [[t("version"), 0], ["DRG", 1], [t("payment"), 2]];
  return html`<section aria-labelledby="result-h"><h2 id="result-h">${t("resultBeforeAfter")}</h2>
<table><caption>${t("resultBeforeAfter")}</caption><thead><tr><td></td><th scope="col">${t("before")}</th>${a.after ? html`<th scope="col">${t("after")}</th>` : ""}</tr></thead>
<tbody>${rows.map(([key, i]) => html`<tr><th scope="row">${key}</th><td class="num">${before[i]}</td>${a.after ? html`<td class="num">${after[i]}</td>` : ""}</tr>`)}</tbody></table>
${a.after ? (a.after.runId ? html`<p>${t("run")} <code>${a.after.runId}</code></p>` : "") : OPEN_STATES.includes(a.state) ? html`<p>${t("afterPending")}</p>` : ""}
</section>`;
}

export function transitionsBlock(t: T, moves: Transition[]): Html {
  return html`<section aria-labelledby="moves-h"><h2 id="moves-h">${t("transitions")}</h2>
<table><caption>${t("transitions")}</caption><thead><tr><th scope="col">#</th><th scope="col">${t("fromState")}</th><th scope="col">${t("toState")}</th><th scope="col">${t("actor")}</th><th scope="col">${t("at")}</th></tr></thead>
<tbody>${moves.map((m) => html`<tr><td class="num">${m.seq}</td><td>${m.from ?? "–"}</td><td>${m.to}</td><td>${m.actor}</td><td>${when(m.at)}</td></tr>`)}</tbody></table></section>`;
}

/** Evidence files, downloadable by who may read them, and the upload form while the appeal takes evidence. */
export function evidenceBlock(t: T, session: Session, a: AppealView): Html {
  const readable = may(session, "appeals.evidence.read", a.hospitalCode);
  const table = a.evidence.length === 0
    ? html`<p>${t("none")}</p>`
    : html`<table><caption>${t("evidence")}</caption><thead><tr><th scope="col">${t("file")}</th><th scope="col">${t("mediaType")}</th><th scope="col">${t("bytes")}</th><th scope="col">SHA-256</th><th scope="col">${t("uploadedBy")}</th><th scope="col">${t("at")}</th></tr></thead>
<tbody>${a.evidence.map((e) => html`<tr><td>${readable ? html`<a href="/app/appeals/${a.appealId}/evidence/${e.evidenceId}" download aria-label="${t("download", { fileName: e.fileName })}">${e.fileName}</a>` : e.fileName}</td><td>${e.mediaType}</td><td class="num">${e.bytes}</td><td><code>${e.sha256.slice(0, 16)}…</code></td><td>${e.uploadedBy}</td><td>${when(e.createdAt)}</td></tr>`)}</tbody></table>`;
  const upload = may(session, "appeals.evidence.add", a.hospitalCode) && EVIDENCE_STATES.includes(a.state)
    ? html`<form method="post" action="/app/appeals/${a.appealId}/evidence" enctype="multipart/form-data"><input type="hidden" name="csrf" value="${session.csrf}">
<p><label for="evidence-file">${t("evidenceLabel")}</label> <input id="evidence-file" name="file" type="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required> <button type="submit">${t("upload")}</button></p></form>`
    : "";
  return html`<section aria-labelledby="evidence-h"><h2 id="evidence-h">${t("evidence")}</h2>${table}${upload}</section>`;
}

/** A one-button move (review, withdraw, close) with an optional comment. */
function moveForm(t: T, session: Session, appealId: string, verb: string, label: MessageKey): Html {
  return html`<form method="post" action="/app/appeals/${appealId}/${verb}"><input type="hidden" name="csrf" value="${session.csrf}">
<p><label for="${verb}-comment">${t("commentLabel")}</label> <input id="${verb}-comment" name="comment" maxlength="2000"> <button type="submit">${t(label)}</button></p></form>`;
}

function decideForm(t: T, session: Session, appealId: string): Html {
  return html`<form method="post" action="/app/appeals/${appealId}/decide"><input type="hidden" name="csrf" value="${session.csrf}">
<fieldset><legend>${t("decision")}</legend>${AppealDecisionSchema.options.map((d) => html`<p><input type="radio" id="decision-${d}" name="decision" value="${d}" required> <label for="decision-${d}">${t(DECISION_LABELS[d])}</label></p>`)}</fieldset>
<fieldset aria-describedby="coding-hint"><legend>${t("correctedCoding")}</legend><p id="coding-hint">${t("codingHint")}</p>
<p><label for="pdx">${t("principalDiagnosisLabel")}</label> <input id="pdx" name="principalDiagnosis" maxlength="16"></p>
<p><label for="sdx">${t("secondaryDiagnosesLabel")}</label> <input id="sdx" name="secondaryDiagnoses" size="50"></p>
<p><label for="px">${t("proceduresLabel")}</label> <input id="px" name="procedures" size="50"></p></fieldset>
<p><label for="note">${t("noteLabel")}</label><br><textarea id="note" name="note" rows="3" cols="60" maxlength="2000"></textarea></p>
<p><button type="submit">${t("recordDecision")}</button></p></form>`;
}

/** The forms the person's roles allow on this appeal in its state. */
export function actionsBlock(t: T, session: Session, a: Appeal): Html {
  const h = a.hospitalCode;
  const forms = [
    may(session, "appeals.review", h) && a.state === "filed" ? moveForm(t, session, a.appealId, "review", "startReview") : undefined,
    may(session, "appeals.decide", h) && a.state === "under_review" ? html`<h3>${t("decideTitle")}</h3>${decideForm(t, session, a.appealId)}` : undefined,
    may(session, "appeals.withdraw", h) && EVIDENCE_STATES.includes(a.state) ? moveForm(t, session, a.appealId, "withdraw", "withdrawAppeal") : undefined,
    may(session, "appeals.close", h) && a.state === "applied" ? moveForm(t, session, a.appealId, "close", "closeAppeal") : undefined,
  ].filter((f) => f !== undefined);
  if (forms.length === 0) return html``;
  return html`<section aria-labelledby="actions-h"><h2 id="actions-h">${t("actionsTitle")}</h2>${forms}</section>`;
}
