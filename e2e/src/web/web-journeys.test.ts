import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { BaseEnvSchema, createLogger, loadFunctionModules, parseEnv, serveApp, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { pdfWith } from "../../../functions/appeals/src/fixtures.ts";
import { launchBrowser, SCREENSHOT_DIR, seriousViolations, type WebBrowser } from "./browser.ts";

/**
 * The web application in a real browser (Debian's Chromium driven by playwright-core) against the
 * whole embedded mesh: a coder signs in, submits a file, sees a rejection with its reason, corrects
 * and resubmits it; a reviewer decides an outlier and sees it in the decision log and the claim's
 * state change; the coder disputes a claim's result with evidence and the reviewer decides the appeal.
 * axe-core checks every page; every page's screenshot is written to e2e/web-screenshots.
 */
const EXAMPLE = new URL("../../../shared/claims/examples/batch.csv", import.meta.url);
/** ClamAV's signature for the EICAR test file (scripts/clamav): evidence is scanned by ClamAV itself. */
const SIGNATURES = fileURLToPath(new URL("../../../scripts/clamav/eicar.ndb", import.meta.url));
const HOSPITAL = "H10-DEC915";

let issuer: TestIssuer;
let mesh: EmbeddedMesh;
let server: { url: string; close(): Promise<void> };
let web: WebBrowser;
let dir: string;
const journeys: string[] = [];

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

beforeAll(async () => {
  issuer = await startTestIssuer();
  dir = await mkdtemp(join(tmpdir(), "casemix-web-"));
  const port = await freePort();
  const vars = {
    PORT: String(port), LOG_LEVEL: "warn", PGLITE_DATA_DIR: join(dir, "pglite"), STORAGE_DIR: join(dir, "objects"),
    OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience, WEB_SESSION_SECRET: "s".repeat(40),
    APPEALS_CLAMAV_DB: SIGNATURES,
  };
  mesh = await startEmbeddedMesh({ modules: await loadFunctionModules(), env: parseEnv(BaseEnvSchema, vars), source: vars, log: createLogger({ level: "warn" }) });
  server = await serveApp(mesh.app, { port });
  web = await launchBrowser();
});

afterAll(async () => {
  if (web) {
    const pages = new Set(web.visits.map((v) => v.name));
    console.log(`web e2e: ${journeys.length} journeys (${journeys.join(", ")}), ${pages.size} pages checked with axe-core over ${web.visits.length} visits; screenshots in ${SCREENSHOT_DIR}`);
  }
  await web?.close();
  await server?.close();
  await mesh?.close();
  await issuer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Checks the page with axe (no serious or critical violation) and writes its screenshot. */
async function checked(page: Page, name: string): Promise<void> {
  const visit = await web.check(page, name);
  expect(seriousViolations(visit), `${name} (${visit.url})`).toEqual([]);
}

async function signInAs(page: Page, who: RegExp, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.waitForURL(/\/authorize\?/);
  await checked(page, "issuer-sign-in");
  await page.getByRole("button", { name: who }).click();
  await page.waitForURL(new RegExp(`${server.url}${path}`));
}

async function submitFile(page: Page, name: string, csv: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, csv);
  await page.goto(`${server.url}/app/batches`);
  await page.getByLabel("Claim file (CSV)").setInputFiles(file);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/app\/batches\/bat_/);
  const batchId = new URL(page.url()).pathname.split("/").at(-1)!;
  await mesh.idle();
  // The progress block refreshes itself (htmx) until the batch is completed.
  await expect.poll(async () => page.locator("#progress").innerText(), { timeout: 30_000 }).toContain("completed");
  return batchId;
}

describe("the web application in a browser", () => {
  it("a coder signs in, submits a file, sees a rejection with its reason, corrects and resubmits it", async () => {
    const page = await web.newPage();
    await signInAs(page, /Hospital coder/, "/app/batches");
    await checked(page, "batches");
    const [header, first, ...rest] = (await readFile(EXAMPLE, "utf8")).trim().split("\n");
    const cells = first.split(",");
    const pdx = header.split(",").indexOf("principal_diagnosis");
    const claimNumber = cells[1];
    const broken = cells.map((v, i) => (i === pdx ? "" : v)).join(",");
    const batchId = await submitFile(page, "claims.csv", [header, broken, ...rest].join("\n") + "\n");
    await page.goto(`${server.url}/app/batches/${batchId}`);
    await checked(page, "batch");
    const rejected = page.getByRole("table", { name: "Rejected claims" });
    await expect.poll(() => rejected.innerText()).toContain(claimNumber);
    expect(await rejected.innerText()).toMatch(/E_[A-Z_]+/);
    expect(await rejected.innerText()).toContain("principalDiagnosis");

    const corrected = await submitFile(page, "corrected.csv", [header, first].join("\n") + "\n");
    await page.goto(`${server.url}/app/batches/${corrected}`);
    const progress = await page.locator("#progress").innerText();
    expect(progress).not.toContain("rejected");
    await page.goto(`${server.url}/app/batches/${corrected}?state=${progress.includes("under_review") ? "under_review" : "final"}`);
    await checked(page, "batch-claims");
    await page.getByRole("link", { name: claimNumber }).click();
    await page.waitForURL(/\/app\/claims\/clm_/);
    await checked(page, "claim");
    const claimPage = await page.locator("main").innerText();
    expect(claimPage).toContain("Grouping trace, rule by rule");
    expect(claimPage).toContain("Base payment = base rate");
    const csv = await page.request.get(`${server.url}/app/batches/${corrected}/result.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(claimNumber);
    journeys.push("coder");
    await page.close();
  });

  it("a reviewer accepts a flagged claim, sees it in the decision log and the claim become final", async () => {
    // A claim as flag-outlier leaves one it flagged: held for review (under_review) with its flags.
    const { rows } = await mesh.platform.db.query<{ claim_id: string; version: number; batch_id: string; row_no: number; period: string }>(
      "SELECT claim_id, current_version AS version, batch_id, row_no, period FROM claim WHERE hospital_code = $1 ORDER BY claim_number LIMIT 1",
      [HOSPITAL],
    );
    const c = rows[0];
    await mesh.platform.db.query("UPDATE claim_row SET state = 'under_review' WHERE batch_id = $1 AND row_no = $2", [c.batch_id, c.row_no]);
    await mesh.platform.db.query(
      "INSERT INTO outlier_review (claim_id, version, hospital_code, period, batch_id, row_no, flags) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING",
      [c.claim_id, c.version, HOSPITAL, c.period, c.batch_id, c.row_no, JSON.stringify([{ kind: "cost", reason: "charges far above the DRG's peers", baselineId: null }])],
    );
    const page = await web.newPage();
    await signInAs(page, /MOH reviewer/, "/app/reviews");
    await checked(page, "reviews");
    const row = page.getByRole("row").filter({ hasText: c.claim_id });
    await row.getByLabel("Reason (required to reject)").fill("charges match the stay");
    await row.getByRole("button", { name: "Accept" }).click();
    await page.waitForURL(/\/app\/decisions\?status=accepted/);
    await checked(page, "decisions");
    const log = await page.getByRole("table").innerText();
    expect(log).toContain(c.claim_id);
    expect(log).toContain("reviewer");
    expect(log).toContain("charges match the stay");
    await page.getByRole("link", { name: c.claim_id }).first().click();
    await page.waitForURL(/\/app\/claims\//);
    await checked(page, "claim-after-review");
    const claimPage = await page.locator("main").innerText();
    expect(claimPage).toMatch(/State: final/);
    expect(claimPage).toContain("Review: accepted");
    journeys.push("reviewer");
    await page.close();
  });

  it("a coder disputes a claim's result with evidence; the reviewer takes it, is told what a bad decision lacks, and upholds it", async () => {
    const { rows } = await mesh.platform.db.query<{ claim_id: string }>(
      `SELECT c.claim_id FROM claim c JOIN claim_row r ON r.batch_id = c.batch_id AND r.row_no = c.row_no
       WHERE c.hospital_code = $1 AND r.state = 'final' ORDER BY c.claim_number DESC LIMIT 1`,
      [HOSPITAL],
    );
    const claimId = rows[0].claim_id;
    const coder = await web.newPage();
    await signInAs(coder, /Hospital coder/, `/app/claims/${claimId}`);
    await checked(coder, "claim-dispute");
    await coder.getByLabel("What is wrong").selectOption("A_WRONG_PDX");
    await coder.getByLabel(/^Explain/).fill("The discharge summary gives pneumonia due to Streptococcus.");
    await coder.getByRole("button", { name: "File the appeal" }).click();
    await coder.waitForURL(/\/app\/appeals\/apl_/);
    const appealId = new URL(coder.url()).pathname.split("/").at(-1)!;
    expect(await coder.getByRole("status").innerText()).toContain(`Appeal ${appealId} filed`);
    const pdf = join(dir, "discharge-summary.pdf");
    await writeFile(pdf, pdfWith("discharge summary"));
    await coder.getByLabel("Evidence file (PDF, PNG or JPEG)").setInputFiles(pdf);
    await coder.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => coder.getByRole("status").innerText().catch(() => ""), { timeout: 30_000 }).toContain("Evidence discharge-summary.pdf added.");
    expect(await coder.getByRole("table", { name: "Evidence" }).innerText()).toContain("discharge-summary.pdf");
    await checked(coder, "appeal-filed");
    await coder.goto(`${server.url}/app/appeals?state=filed`);
    await checked(coder, "appeals");
    expect(await coder.getByRole("table", { name: "Appeals" }).innerText()).toContain(appealId);

    const reviewerPage = await web.newPage();
    await signInAs(reviewerPage, /MOH reviewer/, `/app/appeals/${appealId}`);
    // Each form comes back to the same page, so its message (not the address) says the answer arrived.
    const told = () => reviewerPage.getByRole("status").innerText().catch(() => "");
    await reviewerPage.getByRole("button", { name: "Start the review" }).click();
    await expect.poll(told, { timeout: 30_000 }).toContain(`Appeal ${appealId} is now under_review.`);
    await checked(reviewerPage, "appeal-under-review");
    await reviewerPage.getByLabel("Overturned: the claim takes the coding below").check();
    await reviewerPage.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(told, { timeout: 30_000 }).toContain("E_REQUEST: coding: a decision of overturned needs the coding the claim should carry");
    await reviewerPage.getByLabel("Upheld: the result stands").check();
    await reviewerPage.getByLabel("Note (optional)").fill("The coding matches the discharge summary.");
    await reviewerPage.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(told, { timeout: 30_000 }).toContain(`Appeal ${appealId} is now applied.`);
    await checked(reviewerPage, "appeal-applied");
    const result = await reviewerPage.getByRole("table", { name: "Result before and after" }).innerText();
    expect(result).toMatch(/After/);
    expect(await reviewerPage.getByRole("table", { name: "Moves" }).innerText()).toMatch(/under_review\s+decided\s+reviewer/);
    const link = await reviewerPage.getByRole("link", { name: "Download discharge-summary.pdf" }).getAttribute("href");
    const file = await reviewerPage.request.get(`${server.url}${link}`);
    expect(file.status()).toBe(200);
    expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");
    journeys.push("appeals");
    await coder.close();
    await reviewerPage.close();
  });

  it("finance, in Bahasa Malaysia, closes a period, sees its run and downloads its report PDF; no request left loopback", async () => {
    const page = await web.newPage();
    await signInAs(page, /Ministry finance/, "/app/periods");
    await checked(page, "periods");
    await page.getByLabel("Language").selectOption("ms");
    await page.getByRole("button", { name: "Change language" }).click();
    await page.waitForURL(/\/app\/periods/);
    expect(await page.locator("h1").innerText()).toBe("Tempoh");
    await page.getByLabel("Tempoh (TTTT-BB)").fill("2026-03");
    await page.getByRole("button", { name: "Papar" }).click();
    await page.waitForURL(/\/app\/periods\/2026-03/);
    expect(await page.locator("main").innerText()).toMatch(/Status\s+open/);
    await page.getByRole("button", { name: "Tutup tempoh" }).click();
    await page.waitForURL(/\/app\/periods\/2026-03$/);
    expect(await page.getByRole("status").innerText()).toMatch(/Menutup 2026-03: larian run_/);
    await mesh.idle();
    await page.reload();
    await checked(page, "period");
    const period = await page.locator("main").innerText();
    expect(period).toMatch(/Status\s+closed/);
    expect(await page.getByRole("table", { name: "Larian" }).innerText()).toContain("close");
    expect(period).toMatch(/Indeks casemix\s+\d\.\d{4}/);
    const pdf = await page.request.get(`${server.url}/app/periods/2026-03/report.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    journeys.push("finance");
    await page.close();
    expect(web.offLoopback).toEqual([]);
  });
});
