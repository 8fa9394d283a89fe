import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import validate from "@casemix/fn-validate";
import dedupe from "@casemix/fn-dedupe";
import { corpus, HOSPITAL } from "./bad-input-corpus.ts";
import { parseResultCsv, testPlatform } from "./intake-flow-helpers.ts";

let issuer: TestIssuer;
let mesh: EmbeddedMesh;
let hospitalToken: string;
let ministryToken: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  // Small limits so the size cases stay small.
  const env = loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40), INTAKE_MAX_FILE_BYTES: String(8 * 1024 ** 2), INTAKE_MAX_JSON_BYTES: String(2 * 1024 ** 2) });
  mesh = await startEmbeddedMesh({ modules: [createIntakeModule({ env }), validate, dedupe], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
  hospitalToken = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
  ministryToken = await issuer.token({ roles: ["ministry"] });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

describe("the bad-input corpus", () => {
  it("has at least 40 malformed inputs", () => expect(corpus.filter((c) => !("ok" in c.expect)).length).toBeGreaterThanOrEqual(40));

  it.each(corpus.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const other = c.hospital && c.hospital !== HOSPITAL && !("file" in c.expect);
    const token = other ? ministryToken : hospitalToken;
    const query = c.hospital ? `?hospital=${c.hospital}` : "";
    const body = typeof c.body === "string" ? new TextEncoder().encode(c.body) : new Uint8Array(c.body);
    const res = await mesh.app.request(`/v1/batches${query}`, { method: "POST", body, headers: { authorization: `Bearer ${token}`, "content-type": c.contentType ?? "text/csv" } });
    const json = (await res.json()) as { batchId?: string; error?: { code: string } };
    if ("file" in c.expect) {
      expect({ status: res.status, code: json.error?.code }).toEqual(c.expect.file);
      return;
    }
    expect(res.status).toBe(202);
    await mesh.idle();
    const result = parseResultCsv(await (await mesh.app.request(`/v1/batches/${json.batchId}/result.csv`, { headers: { authorization: `Bearer ${token}` } })).text());
    if ("row" in c.expect) {
      expect(result[0].state).toBe("rejected");
      expect(result[0].error_codes.split("|")).toEqual(expect.arrayContaining(c.expect.row));
    } else {
      expect(result.map((r) => r.state)).toEqual(c.expect.ok);
    }
  });

  it("after the corpus the claim table is still there (the injection was data)", async () => {
    const { rows } = await mesh.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM claim WHERE claim_number = $1", ["x'); DROP TABLE claim;--"]);
    expect(Number(rows[0].n)).toBe(1);
  });
});
