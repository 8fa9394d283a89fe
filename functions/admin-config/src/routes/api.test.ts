import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPglite, type TestDb } from "@casemix/db";
import { demoDefinitionDir, PACKAGE_FILES } from "@casemix/grouper";
import { DEMO_REGISTER_DIR, DEMO_TARIFF_DIR } from "@casemix/pricing";
import { createAdminConfigApi } from "./api.ts";

let db: TestDb;
let issuer: TestIssuer;
let app: ReturnType<typeof createAdminConfigApi>;
let admin: string;

beforeAll(async () => {
  db = await createTestPglite();
  issuer = await startTestIssuer();
  app = createAdminConfigApi({ db, now: () => new Date("2026-12-15T02:00:00Z"), verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  admin = await issuer.token({ sub: "admin-1", roles: ["admin"] });
});
afterAll(async () => {
  await issuer.close();
  await db.close();
});

const read = (dir: string, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), "utf8")]));
const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  app.request(path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("admin-config API", () => {
  it("imports a definition package as a draft, publishes it and lists it", async () => {
    const files = read(demoDefinitionDir, PACKAGE_FILES);
    const created = await call("POST", "/v1/config/versions", admin, { kind: "definition", format: "package", files, effectiveFrom: "2027-01-01", effectiveTo: "2028-01-01" });
    expect(created.status).toBe(201);
    const draft = await created.json();
    expect(draft).toMatchObject({ kind: "definition", status: "draft", label: "demo 2026.1", effectiveFrom: "2027-01-01", effectiveTo: "2028-01-01" });
    expect(draft.source).toMatch(/admin-1/);
    const published = await call("POST", `/v1/config/versions/${draft.id}/publish`, admin);
    expect(published.status).toBe(200);
    expect((await published.json()).publishedAt).toBe("2026-12-15T02:00:00.000Z");
    const { rows } = await db.query<{ event: { type: string; data: { versionId: string; effectiveTo: string } } }>("select event from outbox");
    expect(rows.map((r) => [r.event.type, r.event.data.versionId, r.event.data.effectiveTo])).toEqual([["gov.my.casemix.config.published.v1", draft.id, "2027-12-31"]]);
    const list = await (await call("GET", "/v1/config/versions?kind=definition", admin)).json();
    expect(list.versions.map((v: { id: string; status: string }) => [v.id, v.status])).toContainEqual([draft.id, "published"]);
  });

  it("publishing twice is refused with 409", async () => {
    const draft = await (await call("POST", "/v1/config/versions", admin, { kind: "tariff", files: read(DEMO_TARIFF_DIR, ["tariff.csv", "base-rates.csv", "drg-weights.csv"]) })).json();
    expect(draft.label).toBe("my-demo@1");
    expect((await call("POST", `/v1/config/versions/${draft.id}/publish`, admin)).status).toBe(200);
    const again = await call("POST", `/v1/config/versions/${draft.id}/publish`, admin);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("E_CONFIG_PUBLISHED");
  });

  it("imports a hospital register", async () => {
    const res = await call("POST", "/v1/config/versions", admin, { kind: "hospitals", files: read(DEMO_REGISTER_DIR, ["register.csv", "hospitals.csv"]) });
    expect(res.status).toBe(201);
    expect((await res.json()).kind).toBe("hospitals");
  });

  it("refuses an invalid tariff with the file, line and column of each problem", async () => {
    const files = read(DEMO_TARIFF_DIR, ["tariff.csv", "base-rates.csv", "drg-weights.csv"]);
    const lines = files["drg-weights.csv"].split("\n");
    lines[1] = lines[1].replace(/^([^,]+),([^,]+),/, "$1,1.23456,");
    const res = await call("POST", "/v1/config/versions", admin, { kind: "tariff", files: { ...files, "drg-weights.csv": lines.join("\n") } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("E_CONFIG_INVALID");
    expect(body.error.message).toMatch(/drg-weights\.csv:2 column "weight"/);
  });

  it("refuses an invalid definition package naming the file and line", async () => {
    const files = read(demoDefinitionDir, PACKAGE_FILES);
    const res = await call("POST", "/v1/config/versions", admin, { kind: "definition", files: { ...files, "rules.yaml": files["rules.yaml"].replace("principalIn", "principalInn") } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/rules\.yaml:\d+/);
  });

  it("refuses a range outside the content's own", async () => {
    const res = await call("POST", "/v1/config/versions", admin, { kind: "definition", files: read(demoDefinitionDir, PACKAGE_FILES), effectiveFrom: "2019-01-01" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("E_CONFIG_RANGE_OUTSIDE_CONTENT");
  });

  it("needs the admin role (403) and a token (401)", async () => {
    expect((await call("GET", "/v1/config/versions", await issuer.token({ roles: ["finance"] }))).status).toBe(403);
    expect((await call("GET", "/v1/config/versions", undefined)).status).toBe(401);
  });

  it("answers 404 for an unknown version", async () => {
    const res = await call("GET", `/v1/config/versions/cfg_${"0".repeat(20)}`, admin);
    expect(res.status).toBe(404);
  });
});
