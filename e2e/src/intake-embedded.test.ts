import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createTokenVerifier } from "@casemix/auth";
import { createIntakeModule } from "@casemix/fn-intake";
import validate from "@casemix/fn-validate";
import dedupe from "@casemix/fn-dedupe";
import { countBy, generateCsv, parseResultCsv, testPlatform, type GeneratedFile } from "./intake-flow-helpers.ts";

const HOSPITAL = "H10-DEC915";
const CLAIMS = Number(process.env.E2E_INTAKE_CLAIMS ?? 20_000);

let issuer: TestIssuer;
let mesh: EmbeddedMesh;
let file: GeneratedFile;
let token: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  const intake = createIntakeModule({ env: { INTAKE_CHUNK_SIZE: 10_000, INTAKE_MAX_FILE_BYTES: 2 ** 31, INTAKE_MAX_JSON_BYTES: 2 ** 26, SFTP_PORT: 22, SFTP_DIR: "/upload", SFTP_POLL_SECONDS: 0, PATIENT_PSEUDONYM_KEY: "k".repeat(40) } });
  mesh = await startEmbeddedMesh({ modules: [intake, validate, dedupe], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
  file = generateCsv({ seed: 42, count: CLAIMS, hospitalCode: HOSPITAL });
  token = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

const upload = (body: Buffer) =>
  mesh.app.request(`/v1/batches?fileName=claims.csv`, { method: "POST", body: new Uint8Array(body), headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" } });

const getText = async (path: string) => (await mesh.app.request(path, { headers: { authorization: `Bearer ${token}` } })).text();

describe(`intake, validate and dedupe embedded (${CLAIMS} claims)`, () => {
  it("a CSV batch is stored unchanged, chunked, validated and de-duplicated with exact counts, and a second copy is all duplicates", async () => {
    const first = await upload(file.bytes);
    expect(first.status).toBe(202);
    const a = (await first.json()) as { batchId: string; rows: number; chunks: number; rawSha256: string };
    expect(a.rows).toBe(CLAIMS);
    expect(a.chunks).toBe(Math.ceil(CLAIMS / 10_000));
    expect(a.rawSha256).toBe(file.sha256);
    const raw = await mesh.platform.store.get(`raw/${a.batchId}/claims.csv`);
    expect(createHash("sha256").update(raw).digest("hex")).toBe(file.sha256);
    await mesh.idle();

    const invalid = CLAIMS - file.kinds.valid - (file.kinds["probable-duplicate"] ?? 0);
    const status = JSON.parse(await getText(`/v1/batches/${a.batchId}`));
    expect(status.rowsReceived).toBe(CLAIMS);
    expect(status.chunksTotal).toBe(a.chunks);
    expect(status.counts).toEqual({ rejected: invalid, validated: CLAIMS - invalid });

    const result = parseResultCsv(await getText(`/v1/batches/${a.batchId}/result.csv`));
    expect(result).toHaveLength(CLAIMS);
    expect(countBy(result, (r) => r.state)).toEqual({ rejected: invalid, validated: CLAIMS - invalid });
    expect(result.filter((r) => r.flags.includes("W_PROBABLE_DUPLICATE")).length).toBe(file.kinds["probable-duplicate"]);
    expect(result.filter((r) => r.state === "rejected").every((r) => r.error_codes !== "" && r.error_messages !== "")).toBe(true);

    const second = await upload(file.bytes);
    const b = (await second.json()) as { batchId: string; rawSha256: string };
    expect(b.rawSha256).toBe(file.sha256);
    await mesh.idle();
    const status2 = JSON.parse(await getText(`/v1/batches/${b.batchId}`));
    expect(status2.counts).toEqual({ rejected: invalid, duplicate: CLAIMS - invalid });
    const { rows } = await mesh.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM claim WHERE hospital_code = $1", [HOSPITAL]);
    expect(Number(rows[0].n)).toBe(CLAIMS - invalid);
  });
});
