import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import { OBJECT_PREFIXES } from "@casemix/storage";
import { countBy, generateCsv, parseResultCsv, testPlatform } from "./intake-flow-helpers.ts";

/**
 * The whole embedded mesh (every function under functions/) behind intake: a batch runs to
 * batch.completed and its result file shows DRGs and prices next to rejections and duplicates.
 */
const HOSPITAL = "H10-DEC915";
const CLAIMS = 3000;
let issuer: TestIssuer;
let mesh: EmbeddedMesh;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  const others = (await loadFunctionModules()).filter((m) => m.name !== "intake");
  const intake = createIntakeModule({ env: loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40), INTAKE_CHUNK_SIZE: "1000" }) });
  mesh = await startEmbeddedMesh({ modules: [intake, ...others], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

describe("intake in front of the whole embedded mesh", () => {
  it("a batch completes once, and its result file lists DRG and price for final claims and reasons for the others", async () => {
    const file = generateCsv({ seed: 9, count: CLAIMS, hospitalCode: HOSPITAL });
    const token = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
    const res = await mesh.app.request("/v1/batches?fileName=c.csv", { method: "POST", body: new Uint8Array(file.bytes), headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" } });
    const { batchId } = (await res.json()) as { batchId: string };
    await mesh.idle();
    const status = (await (await mesh.app.request(`/v1/batches/${batchId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; completedAt: string | null; chunksDone: number; chunksTotal: number };
    const result = parseResultCsv(await (await mesh.app.request(`/v1/batches/${batchId}/result.csv`, { headers: { authorization: `Bearer ${token}` } })).text());
    console.log("whole mesh:", JSON.stringify(status), JSON.stringify(countBy(result, (r) => r.state)));
    expect(result).toHaveLength(CLAIMS);
    expect(status.status).toBe("completed");
    expect(status.completedAt).not.toBeNull();
    const done = result.filter((r) => r.state === "final" || r.state === "under_review");
    expect(done.length).toBeGreaterThan(0);
    expect(done.every((r) => r.drg !== "" && /^\d+\.\d\d$/.test(r.price_ringgit))).toBe(true);
    expect(result.filter((r) => r.state === "rejected").every((r) => r.error_codes !== "")).toBe(true);
    const { rows } = await mesh.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1", [batchId]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it("every object the mesh wrote lies under a prefix of the storage layout (Terraform's lifecycle rules are per prefix)", async () => {
    const prefixes = new Set<string>(OBJECT_PREFIXES);
    const firstSegments = new Set<string>();
    for await (const o of mesh.platform.store.list("")) firstSegments.add(o.key.split("/")[0]);
    expect(firstSegments.size).toBeGreaterThan(0);
    expect([...firstSegments].filter((s) => !prefixes.has(s))).toEqual([]);
  });
});
