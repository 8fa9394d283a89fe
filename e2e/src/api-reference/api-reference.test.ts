import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";
import { collectApiDocuments } from "@casemix/runtime";
import { buildCollection } from "./collection.ts";
import { startReferenceMesh, type ReferenceMesh } from "./mesh.ts";
import { runNewman } from "./newman.ts";
import { lintDocuments } from "./redocly.ts";
import { screenshotDocs } from "./docs-page.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The API reference as a user meets it, on the embedded mesh served over HTTP: the documents fetched
 * from it pass Redocly's recommended rules with nothing turned off, the Postman collection generated
 * from them runs green in Newman, and `/docs` in headless Chromium offers every document.
 */
let ref: ReferenceMesh;
let docs: Map<string, Record<string, any>>;

beforeAll(async () => {
  ref = await startReferenceMesh();
  docs = await collectApiDocuments({ request: (url: string) => fetch(url.replace("http://127.0.0.1:8080", ref.url)) } as never, "http://127.0.0.1:8080");
});
afterAll(async () => {
  await ref?.close();
});

describe("the API reference", () => {
  it("every served document passes `redocly lint` (recommended rules, none turned off) with 0 errors and 0 warnings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-openapi-"));
    const result = await lintDocuments(docs, dir);
    console.log(`redocly lint: ${result.documents} documents, ${result.errors} errors, ${result.warnings} warnings`);
    const found = { errors: result.errors, warnings: result.warnings, exitCode: result.exitCode, documents: result.documents };
    expect(found, result.output.join("\n")).toEqual({ errors: 0, warnings: 0, exitCode: 0, documents: API_DOCUMENTS.length });
  });

  it("Newman runs the Postman collection generated from the documents green: each answer documented, each JSON body as its schema says", async () => {
    const seeded = await seed(ref);
    const { collection, requests } = await buildCollection(docs, seeded);
    const stats = await runNewman(collection, { baseUrl: ref.url, token: await ref.token(["admin"]) });
    console.log(`newman: ${requests} requests, ${stats.assertions} assertions, ${stats.failed.length} failed; answers by status: ${JSON.stringify(stats.statuses)}`);
    console.log(`newman: answered with an error, as documented: ${stats.notSuccessful.join("; ")}`);
    expect(stats.failed).toEqual([]);
    expect(stats.requests).toBe(requests);
    expect(stats.assertions).toBeGreaterThanOrEqual(requests);
  });

  it("the curl examples of docs/integration-kit.md run against the mesh", async () => {
    const blocks = await shellBlocks(join(process.cwd(), "docs", "integration-kit.md"), "## curl");
    expect(blocks.length).toBeGreaterThan(0);
    const env = { BASE: ref.url, TOKEN: await ref.token(["admin"]), HOSPITAL_TOKEN: await ref.token(["hospital"], "H10-DEC915") };
    let commands = 0;
    for (const block of blocks) {
      commands += block.split("\n").filter((l) => /^\S/.test(l) && !l.startsWith("#")).length;
      const { code, output } = await bash(block, env);
      expect(code, output).toBe(0);
    }
    console.log(`docs/integration-kit.md: ${blocks.length} curl blocks, ${commands} commands run`);
  });

  it("/docs offers every served document in headless Chromium, and each one opens", async () => {
    const out = join(process.cwd(), "e2e", ".artifacts");
    await mkdir(out, { recursive: true });
    const page = await screenshotDocs(ref.url, join(out, "docs.png"));
    console.log(`/docs screenshot: ${page.screenshot}`);
    expect(page.options).toEqual(API_DOCUMENTS.map((d) => ({ title: d.title, url: apiDocumentPath(d.name) })));
    expect(page.opened).toEqual(API_DOCUMENTS.map((d) => d.title));
  });
});

/** The shell blocks of a section of a Markdown file. */
async function shellBlocks(file: string, heading: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  const section = text.slice(text.indexOf(`\n${heading}\n`), text.indexOf("\n## ", text.indexOf(`\n${heading}\n`) + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Runs a script with bash -e from the repository's root; its exit code and output. */
function bash(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", script], { cwd: process.cwd(), env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** Real ids for the requests' paths: a batch, a closed period and its run. */
async function seed(ref: ReferenceMesh): Promise<Record<string, string>> {
  const admin = await ref.token(["admin"]);
  const claim = { hospitalCode: "H10-DEC915", claimNumber: "REF-1", patientId: "800101-14-5566", admissionDate: "2026-03-01", dischargeDate: "2026-03-05", admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1980-01-01", principalDiagnosis: "I21.9", totalCharges: "100.00" };
  const submitted = await fetch(`${ref.url}/v1/claims`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: JSON.stringify(claim) });
  const { batchId } = (await submitted.json()) as { batchId: string };
  await ref.mesh.idle();
  const closed = await fetch(`${ref.url}/v1/periods/2026-03/close`, { method: "POST", headers: { authorization: `Bearer ${admin}` } });
  const { runId } = (await closed.json()) as { runId: string };
  await ref.mesh.idle();
  return { batchId, runId, period: "2026-03" };
}
