import type { Hono } from "hono";
import type { ApiAnswer } from "../api.ts";
import { refusal, type WebContext, type WebDeps, type WebVariables } from "../context.ts";
import { flash, requireCsrf } from "../flash.ts";
import { APPEAL_ID, type Appeal, type Evidence } from "./appeal-views.ts";

const CLAIM_ID = /^clm_[A-Za-z0-9_-]{1,64}$/;

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");

/**
 * After a form: the API's refusal shown to the person as its own message (code and sentence) on the
 * page they came from; an expired token signs in again; success goes on with its message.
 */
function answered(c: WebContext, answer: ApiAnswer<unknown>, back: string, done: () => Response): Response {
  if (answer.status === 401) return refusal(c, answer)!;
  if (!answer.ok) return flash(c, `${answer.error?.code ?? answer.status}: ${answer.error?.message ?? ""}`, back);
  return done();
}

/**
 * The evidence file's name as the API takes it (letters, digits, space and `._()-`, starting with a
 * letter or digit, 200 at most): a browser sends whatever the file is called on the person's disk.
 */
export function evidenceFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const plain = base.replace(/[^A-Za-z0-9 ._()-]/g, "_").replace(/^[^A-Za-z0-9]+/, "").slice(0, 200).trimEnd();
  return plain || "evidence";
}

/**
 * The decide form as the API's body: the decision, the coding fields that were filled (one left empty
 * keeps the claim's own), the note. Nothing is judged here: a decision that needs coding and has none,
 * or has coding it must not, is the API's 400, shown with its message.
 */
export function decisionBody(form: Form): { decision: string; coding?: Record<string, unknown>; note?: string } {
  const coding: Record<string, unknown> = {};
  if (text(form, "principalDiagnosis")) coding.principalDiagnosis = text(form, "principalDiagnosis");
  if (text(form, "secondaryDiagnoses")) coding.secondaryDiagnoses = text(form, "secondaryDiagnoses").split(/[\s,;]+/).filter(Boolean);
  if (text(form, "procedures")) {
    coding.procedures = text(form, "procedures").split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean).map((entry) => {
      const [code, ...date] = entry.split(/\s+/);
      return date.length > 0 ? { code, date: date.join(" ") } : { code };
    });
  }
  const note = text(form, "note");
  return { decision: text(form, "decision"), ...(Object.keys(coding).length > 0 ? { coding } : {}), ...(note ? { note } : {}) };
}

/** The moves that are one button and an optional comment; the API's policy action decides who may. */
const MOVES = ["review", "withdraw", "close"] as const;

/** The appeals forms: file (from a claim page), add evidence, review, decide, withdraw, close. Each carries the CSRF token. */
export function registerAppealForms(app: Hono<{ Variables: WebVariables }>, deps: WebDeps): void {
  app.post("/app/appeals", requireCsrf, async (c) => {
    const session = c.get("session");
    const { t } = c.get("page");
    const form = await c.req.parseBody();
    const claimId = text(form, "claimId");
    if (!CLAIM_ID.test(claimId)) return flash(c, t("notFound"), "/app/appeals");
    const back = `/app/claims/${claimId}`;
    const answer = await deps.api.json<Appeal>("appeals", "/v1/appeals", session.accessToken, {
      method: "POST", body: { claimId, claimVersion: Number(text(form, "claimVersion")), reasonCode: text(form, "reasonCode"), reasonText: text(form, "reasonText") },
    });
    return answered(c, answer, back, () => flash(c, t("appealFiled", { appealId: answer.body.appealId }), `/app/appeals/${answer.body.appealId}`));
  });

  app.post("/app/appeals/:appealId/evidence", requireCsrf, async (c) => {
    const appealId = c.req.param("appealId");
    const session = c.get("session");
    const { t } = c.get("page");
    if (!APPEAL_ID.test(appealId)) return flash(c, t("notFound"), "/app/appeals");
    const back = `/app/appeals/${appealId}`;
    const file = (await c.req.parseBody()).file;
    // A browser sends an empty part with no name when no file was chosen; an empty file that has a name is the API's to refuse.
    if (!(file instanceof File) || (file.size === 0 && !file.name)) return flash(c, t("evidenceRequired"), back);
    const fileName = evidenceFileName(file.name);
    const answer = await deps.api.json<Evidence>("appeals", `/v1/appeals/${appealId}/evidence?${new URLSearchParams({ fileName })}`, session.accessToken, {
      method: "POST", body: new Uint8Array(await file.arrayBuffer()), contentType: "application/octet-stream",
    });
    return answered(c, answer, back, () => flash(c, t("evidenceAdded", { fileName }), back));
  });

  for (const verb of MOVES) {
    app.post(`/app/appeals/:appealId/${verb}`, requireCsrf, async (c) => {
      const appealId = c.req.param("appealId");
      const session = c.get("session");
      const { t } = c.get("page");
      if (!APPEAL_ID.test(appealId)) return flash(c, t("notFound"), "/app/appeals");
      const back = `/app/appeals/${appealId}`;
      const comment = text(await c.req.parseBody(), "comment");
      const answer = await deps.api.json<Appeal>("appeals", `/v1/appeals/${appealId}/${verb}`, session.accessToken, { method: "POST", body: comment ? { comment } : {} });
      return answered(c, answer, back, () => flash(c, t("appealMoved", { appealId, state: answer.body.state }), back));
    });
  }

  app.post("/app/appeals/:appealId/decide", requireCsrf, async (c) => {
    const appealId = c.req.param("appealId");
    const session = c.get("session");
    const { t } = c.get("page");
    if (!APPEAL_ID.test(appealId)) return flash(c, t("notFound"), "/app/appeals");
    const back = `/app/appeals/${appealId}`;
    const body = decisionBody(await c.req.parseBody());
    const answer = await deps.api.json<Appeal>("appeals", `/v1/appeals/${appealId}/decide`, session.accessToken, { method: "POST", body });
    return answered(c, answer, back, () => flash(c, t("appealMoved", { appealId, state: answer.body.state }), back));
  });
}
