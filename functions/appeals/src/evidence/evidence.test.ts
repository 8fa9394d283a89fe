import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { loadAppealsEnv } from "../env.ts";
import { EICAR, PNG, pdfWith, seedFinalClaim } from "../fixtures.ts";
import { createAppealsApi } from "../routes/api.ts";
import { createClamscan } from "./scan.ts";

/** ClamAV's own clamscan against the project's EICAR signature (scripts/clamav): a real scan, no network. */
const SIGNATURES = fileURLToPath(new URL("../../../../scripts/clamav/eicar.ndb", import.meta.url));

let issuer: TestIssuer;
let platform: TestPlatform;
let app: ReturnType<typeof createAppealsApi>;
let appealId: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  const env = loadAppealsEnv({ APPEALS_EVIDENCE_MAX_BYTES: "2048" });
  app = createAppealsApi({ platform, env, scanner: createClamscan({ database: SIGNATURES }), evidence: createRawObjects(platform.store, developmentMasterKeys("test")) });
  const claim = await seedFinalClaim(platform, { hospitalCode: "HOSP-A", claimNumber: "E-1", n: 1 });
  appealId = ((await (await send("POST", "/v1/appeals", "HOSP-A", JSON.stringify({ claimId: claim.claimId, claimVersion: 1, reasonCode: "A_OTHER", reasonText: "see notes" }))).json()) as { appealId: string }).appealId;
});
afterAll(async () => {
  await platform.db.close();
  await issuer.close();
});

async function send(method: string, path: string, hospital: string | undefined, body?: BodyInit, roles = hospital ? ["hospital"] : ["moh-reviewer"]) {
  const token = await issuer.token({ sub: "coder-1", roles, hospital });
  return app.request(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": typeof body === "string" ? "application/json" : "application/octet-stream" }, ...(body ? { body } : {}) });
}
const upload = (bytes: Uint8Array, fileName: string, hospital = "HOSP-A") => send("POST", `/v1/appeals/${appealId}/evidence?fileName=${fileName}`, hospital, Buffer.from(bytes));
async function keys(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const o of platform.store.list(prefix)) found.push(o.key);
  return found;
}
const countObjects = async (prefix: string) => (await keys(prefix)).length;
const stored = async () => ({
  rows: Number((await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM appeal_evidence")).rows[0].n),
  objects: await countObjects("appeals/"),
});

describe("evidence files", () => {
  it("a PDF is scanned by ClamAV, stored with its sha256, and served to its hospital only", async () => {
    const res = await upload(pdfWith("discharge summary"), "summary.pdf");
    expect(res.status).toBe(201);
    const body = (await res.json()) as { evidenceId: string; sha256: string; mediaType: string; scanner: string };
    expect(body).toMatchObject({ mediaType: "application/pdf", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), scanner: expect.stringContaining("ClamAV") });
    const own = await send("GET", `/v1/appeals/${appealId}/evidence/${body.evidenceId}`, "HOSP-A");
    expect(own.status).toBe(200);
    expect(own.headers.get("x-evidence-sha256")).toBe(body.sha256);
    expect(Buffer.from(await own.arrayBuffer()).toString()).toContain("discharge summary");
    // Stored encrypted, like a raw upload: the object holds no plaintext of the file.
    const [key] = await keys("appeals/");
    expect(Buffer.from(await platform.store.get(key)).toString("latin1")).not.toContain("discharge summary");
    expect((await send("GET", `/v1/appeals/${appealId}/evidence/${body.evidenceId}`, "HOSP-B")).status).toBe(404);
    expect((await send("GET", `/v1/appeals/${appealId}/evidence/${body.evidenceId}`, undefined)).status).toBe(200);
  });

  it("the type comes from the content: a PNG named .pdf is a PNG, a text file named .pdf is refused", async () => {
    expect(await (await upload(PNG, "scan.pdf")).json()).toMatchObject({ mediaType: "image/png" });
    const before = await stored();
    const res = await upload(new TextEncoder().encode("just some text, not a PDF"), "notes.pdf");
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: "E_EVIDENCE_TYPE" } });
    expect(await stored()).toEqual(before);
  });

  it("a file over the limit is refused and nothing is stored", async () => {
    const before = await stored();
    const res = await upload(pdfWith("x".repeat(4096)), "big.pdf");
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "E_EVIDENCE_TOO_LARGE" } });
    expect(await stored()).toEqual(before);
  });

  it("a PDF carrying the EICAR test string is flagged by ClamAV, refused naming the signature, and nothing is stored", async () => {
    const before = await stored();
    const res = await upload(pdfWith(EICAR), "infected.pdf");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "E_EVIDENCE_INFECTED", message: expect.stringContaining("Eicar-Test-Signature") } });
    expect(await stored()).toEqual(before);
  });

  it("without signatures the scanner cannot scan: refused with 503, never stored unscanned", async () => {
    const noDb = createAppealsApi({ platform, env: loadAppealsEnv({}), scanner: createClamscan({ database: "/nonexistent/clamav" }), evidence: createRawObjects(platform.store, developmentMasterKeys("test")) });
    const token = await issuer.token({ sub: "coder-1", roles: ["hospital"], hospital: "HOSP-A" });
    const before = await stored();
    const res = await noDb.request(`/v1/appeals/${appealId}/evidence?fileName=a.pdf`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: Buffer.from(pdfWith("ok")) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "E_SCANNER_UNAVAILABLE" } });
    expect(await stored()).toEqual(before);
  });
});
