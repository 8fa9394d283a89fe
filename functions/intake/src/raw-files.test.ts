import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { readEnvelopeHeader } from "@casemix/storage";
import { loadIntakeEnv } from "./env.ts";
import { rawObjectsOf, sweepExpiredRaw } from "./raw-files.ts";
import { createIntakeApi } from "./routes/api.ts";

const examples = new URL("../../../shared/claims/examples/", import.meta.url);
const csv = await readFile(new URL("batch.csv", examples), "utf8");
const ndjson = await readFile(new URL("batch.ndjson", examples), "utf8");
const claim = await readFile(new URL("claim.json", examples), "utf8");
/** Every MyKad number in the example files (YYMMDD-PB-###G), and each without its dashes. */
const identifiers = [...new Set([...`${csv}\n${ndjson}\n${claim}`.matchAll(/\b\d{6}-\d{2}-\d{4}\b/g)].map((m) => m[0]))];

let issuer: TestIssuer;
let platform: TestPlatform;
let app: ReturnType<typeof createIntakeApi>;
const env = loadIntakeEnv({ RAW_RETENTION_DAYS: "30" });

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  app = createIntakeApi({ platform, env, pseudonymKey: "k".repeat(32), raw: rawObjectsOf(platform, env) }, async () => ({ outcomes: [] }));
});
afterAll(async () => {
  await platform.db.close();
  await issuer.close();
});

const headers = async (contentType: string) => ({ authorization: `Bearer ${await issuer.token({ roles: ["hospital"], hospital: "H10-DEC915" })}`, "content-type": contentType });
const submit = async (path: string, body: string, contentType: string) => {
  const res = await app.request(path, { method: "POST", body, headers: await headers(contentType) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { batchId: string }).batchId;
};

describe("raw uploads at rest", () => {
  it("no patient identifier is in clear in any object under raw/, whatever the format it came in", async () => {
    expect(identifiers.length).toBeGreaterThanOrEqual(2);
    await submit("/v1/batches", csv, "text/csv");
    await submit("/v1/batches", ndjson, "application/x-ndjson");
    await submit("/v1/claims", claim, "application/json");
    const keys: string[] = [];
    for await (const o of platform.store.list("raw/")) keys.push(o.key);
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const bytes = Buffer.from(await platform.store.get(key));
      for (const id of identifiers) {
        expect(bytes.includes(id), `${id} in ${key}`).toBe(false);
        expect(bytes.includes(id.replaceAll("-", "")), `${id} in ${key}`).toBe(false);
      }
    }
  });

  it("a raw upload names the master key that wrapped its data key, in its object and in its batch row", async () => {
    const batchId = await submit("/v1/batches", csv, "text/csv");
    const { rows } = await platform.db.query<{ raw_key: string; raw_key_id: string }>("SELECT raw_key, raw_key_id FROM batch WHERE id = $1", [batchId]);
    expect(rows[0]?.raw_key_id).toBe("mk_dev");
    expect(readEnvelopeHeader(Buffer.from(await platform.store.get(rows[0]!.raw_key)))).toMatchObject({ alg: "A256GCM-STREAM", keyId: "mk_dev" });
  });

  it("after its retention period a raw file is deleted, and reprocess then refuses with E_RAW_EXPIRED naming the setting", async () => {
    const kept = await submit("/v1/batches", csv, "text/csv");
    const old = await submit("/v1/batches", csv, "text/csv");
    await platform.db.query("UPDATE batch SET created_at = now() - interval '31 days' WHERE id = $1", [old]);
    const { rows } = await platform.db.query<{ id: string; raw_key: string }>("SELECT id, raw_key FROM batch WHERE id = ANY($1::text[]) ORDER BY id", [[kept, old]]);
    expect((await sweepExpiredRaw(platform, env.RAW_RETENTION_DAYS)).deleted).toBe(1);
    expect(await platform.store.head(rows.find((r) => r.id === old)!.raw_key)).toBeUndefined();
    expect(await platform.store.head(rows.find((r) => r.id === kept)!.raw_key)).toBeDefined();
    const refused = await app.request(`/v1/batches/${old}/reprocess`, { method: "POST", headers: await headers("application/json") });
    expect(refused.status).toBe(410);
    expect(await refused.json()).toMatchObject({ error: { code: "E_RAW_EXPIRED", message: expect.stringMatching(/retention period of 30 days \(RAW_RETENTION_DAYS\)/) } });
    expect((await app.request(`/v1/batches/${kept}/reprocess`, { method: "POST", headers: await headers("application/json") })).status).toBe(202);
    expect((await sweepExpiredRaw(platform, env.RAW_RETENTION_DAYS)).deleted).toBe(0);
  });
});
