// Issue 16.2: a value the database refuses never strands its chunk. Through the embedded mesh (intake,
// validate, dedupe on PGlite), a file whose claims carry values PostgreSQL cannot store ends with
// every claim terminal or validated, those claims rejected, nothing dead-lettered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import validate from "@casemix/fn-validate";
import dedupe from "@casemix/fn-dedupe";
import { GOOD, HEADER, HOSPITAL, type Row } from "./bad-input-corpus.ts";
import { parseResultCsv, testPlatform } from "./intake-flow-helpers.ts";

let issuer: TestIssuer;
let mesh: EmbeddedMesh;
let token: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  const env = loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40) });
  mesh = await startEmbeddedMesh({ modules: [createIntakeModule({ env }), validate, dedupe], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
  token = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

const line = (r: Row) => HEADER.split(",").map((c) => r[c] ?? "").join(",");

describe("values the database refuses, through the embedded mesh", () => {
  it("a claim number with a NUL byte rejects that claim only: the others of its chunk are validated and nothing is dead-lettered", async () => {
    const rows = [
      { ...GOOD, claim_number: "REF-1", patient_id: "700505-10-0001" },
      { ...GOOD, claim_number: "REF-2\u0000X", patient_id: "700505-10-0002" },
      { ...GOOD, claim_number: "REF-3", patient_id: "700505-10-0003" },
      // Rejected by validate too (unknown diagnosis), with the NUL in its claim number: validate's write is refused.
      { ...GOOD, claim_number: "REF-4\u0000", patient_id: "700505-10-0004", principal_diagnosis: "ZZZ.9" },
    ];
    const body = `${HEADER}\r\n${rows.map(line).join("\r\n")}\r\n`;
    const res = await mesh.app.request("/v1/batches", { method: "POST", body, headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" } });
    expect(res.status).toBe(202);
    const { batchId } = (await res.json()) as { batchId: string };
    await mesh.idle();
    const result = parseResultCsv(await (await mesh.app.request(`/v1/batches/${batchId}/result.csv`, { headers: { authorization: `Bearer ${token}` } })).text());
    expect(result.map((r) => r.state)).toEqual(["validated", "rejected", "validated", "rejected"]);
    expect(await mesh.bus.deadLetters()).toEqual([]);
    const status = (await (await mesh.app.request(`/v1/batches/${batchId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { counts: Record<string, number> };
    expect(status.counts.received ?? 0).toBe(0);
  });
});
