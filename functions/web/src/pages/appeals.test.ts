import { beforeEach, describe, expect, it } from "vitest";
import { createTestWeb } from "../testing.ts";
import { APPEAL, appealView, CURSOR, EVIDENCE, hospitalCoder, hospitalFinance, reviewer } from "./appeal-fixtures.ts";

const web = createTestWeb();
beforeEach(() => web.reset());

const page = async (path: string, who: Parameters<typeof web.signedIn>[0]) => {
  const { cookie } = await web.signedIn(who);
  const res = await web.app.request(path, { headers: { cookie } });
  return { status: res.status, text: await res.text() };
};
const listed = { status: 200, body: { appeals: [appealView()], next: CURSOR } };

describe("the appeals list", () => {
  it("a hospital coder sees its own hospital's appeals by state, with the next page's link, and never asks for another hospital's", async () => {
    web.answer("GET /v1/appeals?limit=25&state=filed", listed);
    const res = await page("/app/appeals?state=filed&hospital=HOSP-B", hospitalCoder);
    expect(res.status).toBe(200);
    expect(web.calls.map((c) => `${c.fn} ${c.path} ${c.token}`)).toEqual(["appeals /v1/appeals?limit=25&state=filed token-of-coder-a"]);
    expect(res.text).toContain(`<a href="/app/appeals/${APPEAL}">${APPEAL}</a>`);
    expect(res.text).toContain("Wrong principal diagnosis");
    expect(res.text).toContain(`href="/app/appeals?state=filed&amp;after=${encodeURIComponent(CURSOR)}" rel="next"`);
    expect(res.text).toContain('<option value="filed" selected>');
    expect(res.text).not.toContain('id="hospital"');
    expect(res.text).toContain("Dispute this result");
    expect(res.text).toContain('<a href="/app/appeals" aria-current="page">Appeals</a>');
  });

  it("a ministry reviewer sees every hospital's, filtered by hospital, and follows the cursor; a state or cursor it does not know is not sent", async () => {
    web.answer(`GET /v1/appeals?limit=25&hospital=HOSP-B&after=${encodeURIComponent(CURSOR)}`, { status: 200, body: { appeals: [], next: null } });
    const res = await page(`/app/appeals?state=bogus&hospital=HOSP-B&after=${encodeURIComponent(CURSOR)}`, reviewer);
    expect(res.status).toBe(200);
    expect(web.calls.map((c) => c.path)).toEqual([`/v1/appeals?limit=25&hospital=HOSP-B&after=${encodeURIComponent(CURSOR)}`]);
    expect(res.text).toMatch(/<label for="hospital">[^<]+<\/label> <input id="hospital" name="hospital" value="HOSP-B"/);
    expect(res.text).toContain("None.");
    expect(res.text).toContain('href="/app/appeals?hospital=HOSP-B">First page</a>');
    expect(res.text).not.toContain("Dispute this result");
    await page("/app/appeals?after=not-a-cursor", reviewer);
    expect(web.calls.at(-1)!.path).toBe("/v1/appeals?limit=25");
  });

  it("is in Bahasa Malaysia once chosen", async () => {
    web.answer("GET /v1/appeals?limit=25", listed);
    const { cookie } = await web.signedIn(hospitalCoder);
    const text = await (await web.app.request("/app/appeals", { headers: { cookie: `${cookie}; casemix_lang=ms` } })).text();
    expect(text).toContain("<h1>Rayuan</h1>");
    expect(text).toContain("Diagnosis utama salah");
  });
});

describe("an appeal's page", () => {
  it("shows its moves with actor and time, its evidence with downloads, and the DRG and payment before and after once applied", async () => {
    web.answer(`GET /v1/appeals/${APPEAL}`, {
      status: 200,
      body: appealView({
        state: "applied", reviewer: "reviewer-1", decision: "overturned", decisionNote: "the notes support J15.9", coding: { principalDiagnosis: "J15.9" },
        after: { claimVersion: 2, drg: "ES33", totalSen: "1500000", runId: "run_bat_apl-a1" },
        transitions: [
          { seq: 1, from: null, to: "filed", actor: "coder-a", at: "2027-02-01T00:06:12.000Z" },
          { seq: 2, from: "filed", to: "under_review", actor: "reviewer-1", at: "2027-02-02T09:00:00.000Z" },
          { seq: 3, from: "under_review", to: "decided", actor: "reviewer-1", at: "2027-02-03T10:30:00.000Z" },
          { seq: 4, from: "decided", to: "applied", actor: "system:appeals", at: "2027-02-03T10:31:05.000Z" },
        ],
      }),
    });
    const res = await page(`/app/appeals/${APPEAL}`, hospitalCoder);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<h1>Appeal ${APPEAL}</h1>`);
    expect(res.text).toContain("<td>under_review</td><td>decided</td><td>reviewer-1</td><td>2027-02-03 10:30:00</td>");
    expect(res.text).toContain("<td>decided</td><td>applied</td><td>system:appeals</td><td>2027-02-03 10:31:05</td>");
    expect(res.text).toContain(`href="/app/appeals/${APPEAL}/evidence/${EVIDENCE}" download`);
    expect(res.text).toMatch(/<th scope="row">DRG<\/th><td class="num">ES31<\/td><td class="num">ES33<\/td>/);
    expect(res.text).toMatch(/<th scope="row">Payment<\/th><td class="num">RM 12,345.00<\/td><td class="num">RM 15,000.00<\/td>/);
    expect(res.text).toContain("run_bat_apl-a1");
    expect(res.text).toContain(`action="/app/appeals/${APPEAL}/close"`);
    expect(res.text).not.toContain(`action="/app/appeals/${APPEAL}/evidence"`);
    expect(res.text).not.toContain(`action="/app/appeals/${APPEAL}/withdraw"`);
  });

  it("before a decision, the result after is said to come once applied", async () => {
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView() });
    const res = await page(`/app/appeals/${APPEAL}`, reviewer);
    expect(res.text).toContain("The new result is shown here once the decision is applied.");
    expect(res.text).not.toContain('<th scope="col">After</th>');
  });

  it("offers each person only the forms the policy gives their roles in the appeal's state", async () => {
    const forms = (text: string) => [...text.matchAll(/<form method="post" action="\/app\/appeals\/apl_[a-f0-9]+\/([a-z]+)"/g)].map((m) => m[1]);
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView({ state: "filed" }) });
    const coder = await page(`/app/appeals/${APPEAL}`, hospitalCoder);
    expect(forms(coder.text).sort()).toEqual(["evidence", "withdraw"]);
    expect(coder.text).toContain('<label for="evidence-file">Evidence file (PDF, PNG or JPEG)</label>');
    expect(coder.text).toContain('name="csrf" value="csrf-of-coder-a"');
    expect(forms((await page(`/app/appeals/${APPEAL}`, reviewer)).text)).toEqual(["review"]);
    const finance = await page(`/app/appeals/${APPEAL}`, hospitalFinance);
    expect(forms(finance.text)).toEqual([]);
    // hospital-finance may read appeals but not their evidence files: the name, no link.
    expect(finance.text).toContain("<td>notes.pdf</td>");

    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 200, body: appealView({ state: "under_review", reviewer: "reviewer-1" }) });
    const deciding = await page(`/app/appeals/${APPEAL}`, reviewer);
    expect(forms(deciding.text)).toEqual(["decide"]);
    for (const label of ['<label for="decision-upheld">Upheld: the result stands</label>', '<label for="pdx">Principal diagnosis</label>', '<label for="sdx">', '<label for="px">', '<label for="note">']) {
      expect(deciding.text).toContain(label);
    }
    expect(forms((await page(`/app/appeals/${APPEAL}`, { subject: "ministry-1", roles: ["ministry"] })).text)).toEqual(["decide"]);
    expect(forms((await page(`/app/appeals/${APPEAL}`, { subject: "auditor-1", roles: ["auditor"] })).text)).toEqual([]);
  });

  it("another hospital's appeal is the API's 404 and is shown as not found; a 403 as not allowed; a malformed id asks no API", async () => {
    web.answer(`GET /v1/appeals/${APPEAL}`, { status: 404, error: { code: "E_APPEAL_NOT_FOUND", message: `no appeal ${APPEAL} of this hospital` } });
    const other = await page(`/app/appeals/${APPEAL}`, { subject: "coder-b", roles: ["hospital-coder"], hospital: "HOSP-B" });
    expect(other.status).toBe(404);
    expect(other.text).toContain("<h1>Something went wrong</h1>");
    expect(other.text).toContain("<p>Not found.</p>");
    expect(other.text).not.toContain("notes.pdf");

    web.answer("GET /v1/appeals?limit=25", { status: 403, error: { code: "E_FORBIDDEN_HOSPITAL", message: "a hospital token lists its own hospital's appeals only" } });
    const refused = await page("/app/appeals", hospitalCoder);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("You may not do this.");

    const calls = web.calls.length;
    expect((await page("/app/appeals/apl_x'", hospitalCoder)).status).toBe(404);
    expect(web.calls.length).toBe(calls);
  });

  it("an evidence download passes the file through; a refused one is a not-found page, not the API's JSON", async () => {
    const path = `/v1/appeals/${APPEAL}/evidence/${EVIDENCE}`;
    web.file(path, () => new Response("%PDF-1.4\n%%EOF\n", { headers: { "content-type": "application/pdf", "content-disposition": 'attachment; filename="notes.pdf"' } }));
    const { cookie } = await web.signedIn(hospitalCoder);
    const res = await web.app.request(`/app/appeals/${APPEAL}/evidence/${EVIDENCE}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="notes.pdf"');
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe("%PDF-1.4\n%%EOF\n");

    web.reset();
    const refused = await web.app.request(`/app/appeals/${APPEAL}/evidence/${EVIDENCE}`, { headers: { cookie } });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(await refused.text()).toContain("Not found.");
  });
});

describe("a claim page", () => {
  const claim = (state: string) => ({
    status: 200,
    body: {
      claim: { claimId: "clm_a1", hospitalCode: "HOSP-A", claimNumber: "C-1", currentVersion: 2, period: "2027-01", admissionDate: "2027-01-02", dischargeDate: "2027-01-05" },
      versions: [1, 2].map((version) => ({ version, batchId: "bat_a", rowNo: version, state: version === 2 ? state : "superseded", errors: [], groupings: [], prices: [], outlier: [], reviews: [] })),
    },
  });

  it("offers “Dispute this result” on the current version to whoever may file for the claim's hospital, and to no one else", async () => {
    web.answer("GET /v1/claims/clm_a1", claim("final"));
    const coder = await page("/app/claims/clm_a1", hospitalCoder);
    expect(coder.text).toContain('<h2 id="dispute-h">Dispute this result</h2>');
    expect(coder.text).toContain('<form method="post" action="/app/appeals">');
    expect(coder.text).toContain('name="csrf" value="csrf-of-coder-a"');
    expect(coder.text).toContain('<input type="hidden" name="claimVersion" value="2">');
    expect(coder.text).toContain('<label for="reasonCode">');
    expect(coder.text).toContain('<label for="reasonText">');
    expect((await page("/app/claims/clm_a1", { subject: "hospital-a", roles: ["hospital"], hospital: "HOSP-A" })).text).toContain("Dispute this result");
    for (const who of [reviewer, hospitalFinance, { subject: "admin-1", roles: ["admin"] }, { subject: "coder-b", roles: ["hospital-coder"], hospital: "HOSP-B" }]) {
      expect((await page("/app/claims/clm_a1", who)).text, who.subject).not.toContain("Dispute this result");
    }
  });

  it("offers no dispute on a claim without a settled result to appeal", async () => {
    web.answer("GET /v1/claims/clm_a1", claim("rejected"));
    expect((await page("/app/claims/clm_a1", hospitalCoder)).text).not.toContain("Dispute this result");
  });
});
