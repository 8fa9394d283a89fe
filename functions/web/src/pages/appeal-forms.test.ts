import { beforeEach, describe, expect, it } from "vitest";
import { createTestWeb } from "../testing.ts";
import { APPEAL, appealView, hospitalCoder, reviewer } from "./appeal-fixtures.ts";
import { decisionBody, evidenceFileName } from "./appeal-forms.ts";

const web = createTestWeb();
beforeEach(() => web.reset());

const claimAnswer = {
  status: 200,
  body: { claim: { claimId: "clm_a1", hospitalCode: "HOSP-A", claimNumber: "C-1", currentVersion: 1, period: "2027-01", admissionDate: null, dischargeDate: null }, versions: [] },
};

describe("filing an appeal from a claim page", () => {
  it("sends the claim's version and the reason with the person's token, and opens the new appeal with a message", async () => {
    const { cookie, csrf } = await web.signedIn(hospitalCoder);
    web.answer("POST /v1/appeals", { status: 201, body: appealView() });
    const res = await web.post("/app/appeals", cookie, { csrf, claimId: "clm_a1", claimVersion: "1", reasonCode: "A_WRONG_PDX", reasonText: " the notes say J15.9 " });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/app/appeals/${APPEAL}`);
    expect(web.calls).toEqual([{ fn: "appeals", path: "/v1/appeals", token: "token-of-coder-a", method: "POST", body: { claimId: "clm_a1", claimVersion: 1, reasonCode: "A_WRONG_PDX", reasonText: "the notes say J15.9" }, contentType: undefined }]);
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView() });
    expect(await (await web.follow(res, cookie)).text()).toContain(`<p class="flash" role="status">Appeal ${APPEAL} filed: add your evidence below.</p>`);
  });

  it("a refused filing goes back to the claim page with the API's own message", async () => {
    const { cookie, csrf } = await web.signedIn(hospitalCoder);
    web.answer("POST /v1/appeals", { status: 409, error: { code: "E_APPEAL_OPEN", message: "an appeal on clm_a1 version 1 is already open" } });
    web.answer("GET /v1/claims/clm_a1", claimAnswer);
    const res = await web.post("/app/appeals", cookie, { csrf, claimId: "clm_a1", claimVersion: "1", reasonCode: "A_OTHER", reasonText: "x" });
    expect(res.headers.get("location")).toBe("/app/claims/clm_a1");
    const shown = await web.follow(res, cookie);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("E_APPEAL_OPEN: an appeal on clm_a1 version 1 is already open");
  });
});

describe("the appeal forms", () => {
  it("every form without the session's CSRF token is refused and calls no API", async () => {
    const { cookie } = await web.signedIn(reviewer);
    for (const path of ["/app/appeals", ...["evidence", "review", "withdraw", "close", "decide"].map((v) => `/app/appeals/${APPEAL}/${v}`)]) {
      const res = await web.post(path, cookie, { csrf: "not-the-session's", decision: "upheld", claimId: "clm_a1" });
      expect(res.status, path).toBe(403);
    }
    expect(web.calls).toEqual([]);
  });

  it("evidence is sent as the file's bytes under a name the API takes; the API's refusal is shown on the appeal", async () => {
    const { cookie, csrf } = await web.signedIn(hospitalCoder);
    const upload = (file: File | string) => {
      const form = new FormData();
      form.set("csrf", csrf);
      form.set("file", file);
      return web.app.request(`/app/appeals/${APPEAL}/evidence`, { method: "POST", body: form, headers: { cookie } });
    };
    const path = `/v1/appeals/${APPEAL}/evidence?fileName=discharge+summary+_+%281%29.pdf`;
    web.answer(`POST ${path}`, { status: 201, body: {} });
    const res = await upload(new File(["%PDF-1.4 notes"], "discharge summary é (1).pdf", { type: "application/pdf" }));
    expect(res.headers.get("location")).toBe(`/app/appeals/${APPEAL}`);
    const [call] = web.calls;
    expect({ path: call.path, method: call.method, contentType: call.contentType }).toEqual({ path, method: "POST", contentType: "application/octet-stream" });
    expect(new TextDecoder().decode(call.body as Uint8Array)).toBe("%PDF-1.4 notes");

    web.reset();
    web.answer("POST /v1/appeals/" + APPEAL + "/evidence?fileName=notes.txt", { status: 415, error: { code: "E_EVIDENCE_TYPE", message: "the file is text, not a PDF, PNG or JPEG" } });
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView() });
    const refused = await web.follow(await upload(new File(["plain text"], "notes.txt")), cookie);
    expect(await refused.text()).toContain("E_EVIDENCE_TYPE: the file is text, not a PDF, PNG or JPEG");

    web.reset();
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView() });
    const none = await web.follow(await upload(new File([], "")), cookie);
    expect(await none.text()).toContain("Choose an evidence file to upload.");
    expect(web.calls.map((c) => c.method)).toEqual(["GET"]);
  });

  it("a reviewer's decision carries the coding fields as the API takes them", async () => {
    const { cookie, csrf } = await web.signedIn(reviewer);
    web.answer(`POST /v1/appeals/${APPEAL}/decide`, { status: 200, body: appealView({ state: "decided", decision: "overturned" }) });
    const res = await web.post(`/app/appeals/${APPEAL}/decide`, cookie, {
      csrf, decision: "overturned", principalDiagnosis: " J15.9 ", secondaryDiagnoses: "E11.9, I10", procedures: "47.09 2026-03-02, 99.04", note: "the notes support it",
    });
    expect(web.calls[0].body).toEqual({
      decision: "overturned",
      coding: { principalDiagnosis: "J15.9", secondaryDiagnoses: ["E11.9", "I10"], procedures: [{ code: "47.09", date: "2026-03-02" }, { code: "99.04" }] },
      note: "the notes support it",
    });
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView({ state: "decided" }) });
    expect(await (await web.follow(res, cookie)).text()).toContain(`Appeal ${APPEAL} is now decided.`);
  });

  it("a bad decision form shows the API's 400 message on the appeal, not an error page", async () => {
    const { cookie, csrf } = await web.signedIn(reviewer);
    web.answer(`POST /v1/appeals/${APPEAL}/decide`, { status: 400, error: { code: "E_REQUEST", message: "coding: an upheld result keeps the claim's coding: send no coding" } });
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView({ state: "under_review" }) });
    const res = await web.post(`/app/appeals/${APPEAL}/decide`, cookie, { csrf, decision: "upheld", principalDiagnosis: "J15.9" });
    expect(web.calls[0].body).toEqual({ decision: "upheld", coding: { principalDiagnosis: "J15.9" } });
    expect(res.headers.get("location")).toBe(`/app/appeals/${APPEAL}`);
    const shown = await web.follow(res, cookie);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("E_REQUEST: coding: an upheld result keeps the claim&#39;s coding: send no coding");
  });

  it("review, withdraw and close are one call each with the comment; a refused move shows the API's message", async () => {
    const { cookie, csrf } = await web.signedIn(reviewer);
    web.answer(`POST /v1/appeals/${APPEAL}/review`, { status: 200, body: appealView({ state: "under_review" }) });
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView({ state: "under_review" }) });
    const res = await web.post(`/app/appeals/${APPEAL}/review`, cookie, { csrf, comment: "taking it" });
    expect(web.calls[0]).toMatchObject({ path: `/v1/appeals/${APPEAL}/review`, method: "POST", body: { comment: "taking it" } });
    expect(await (await web.follow(res, cookie)).text()).toContain(`Appeal ${APPEAL} is now under_review.`);

    const coder = await web.signedIn(hospitalCoder);
    web.answer(`POST /v1/appeals/${APPEAL}/withdraw`, { status: 409, error: { code: "E_APPEAL_STATE", message: "an appeal that is decided cannot become withdrawn" } });
    const refused = await web.follow(await web.post(`/app/appeals/${APPEAL}/withdraw`, coder.cookie, { csrf: coder.csrf }), coder.cookie);
    expect(web.calls.find((c) => c.path.endsWith("/withdraw"))).toMatchObject({ body: {}, token: "token-of-coder-a" });
    expect(await refused.text()).toContain("E_APPEAL_STATE: an appeal that is decided cannot become withdrawn");

    web.answer(`POST /v1/appeals/${APPEAL}/close`, { status: 200, body: appealView({ state: "closed" }) });
    await web.post(`/app/appeals/${APPEAL}/close`, coder.cookie, { csrf: coder.csrf });
    expect(web.calls.at(-1)).toMatchObject({ path: `/v1/appeals/${APPEAL}/close`, body: {} });
  });

  it("an expired token on a form signs in again", async () => {
    const { cookie, csrf } = await web.signedIn(reviewer);
    web.answer(`POST /v1/appeals/${APPEAL}/review`, { status: 401, error: { code: "E_AUTH_EXPIRED", message: "expired" } });
    const res = await web.post(`/app/appeals/${APPEAL}/review`, cookie, { csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/app\/sign-in\?returnTo=/);
  });
});

describe("form values as the API takes them", () => {
  it("an evidence file's name keeps what the API allows and replaces the rest", () => {
    expect(evidenceFileName("C:\\scans\\notes (2).pdf")).toBe("notes (2).pdf");
    expect(evidenceFileName("résumé.pdf")).toBe("r_sum_.pdf");
    expect(evidenceFileName("..hidden.png")).toBe("hidden.png");
    expect(evidenceFileName("ü")).toBe("evidence");
    expect(evidenceFileName(`${"a".repeat(300)}.pdf`)).toHaveLength(200);
  });

  it("coding fields left empty are not sent, so the claim keeps its own; an odd procedure date goes to the API to judge", () => {
    expect(decisionBody({ decision: "partly", secondaryDiagnoses: " ", procedures: "", principalDiagnosis: "J18.0" })).toEqual({ decision: "partly", coding: { principalDiagnosis: "J18.0" } });
    expect(decisionBody({ decision: "partly", procedures: "47.09 2 March" })).toEqual({ decision: "partly", coding: { procedures: [{ code: "47.09", date: "2 March" }] } });
    expect(decisionBody({})).toEqual({ decision: "" });
  });
});
