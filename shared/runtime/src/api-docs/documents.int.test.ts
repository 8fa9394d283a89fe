import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";
import { createFunctionApps, documentedOperations, registeredOperations, type FunctionApp } from "../authorization/function-apps.ts";
import { createTestPlatform, type TestPlatform } from "../platform.ts";
import { collectApiDocuments } from "./collect.ts";

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents as plain JSON */

/**
 * The served API documents against the routes every function registers: each REST operation is in a
 * document and each documented operation is served, and every operation carries what a reader needs
 * (operationId, tag, summary, examples, its error answers). The only routes no document lists are
 * these, none of them an API a client programs against:
 */
const NOT_API_OPERATIONS = new Set([
  "GET /healthz", "GET /readyz", // probes for the platform
  "GET /docs", "GET /docs/assets/:name", // the browsable reference itself
  ...API_DOCUMENTS.map((d) => `GET ${apiDocumentPath(d.name)}`), // the documents
  // A JSON Web Key Set at its well-known path: described in the webhooks document's tag and info,
  // not an operation (it has no error answer, and Redocly's recommended rules want a 4xx on each).
  "GET /.well-known/webhooks/jwks.json",
  // Prometheus's scrape (shared/telemetry): a text exposition for the platform, not a client API.
  "GET /metrics",
]);

/** The web application's pages (functions/web): HTML for people, behind a sign-in session, not an API. */
const isWebPage = (operation: string) => / \/app(\/|$)/.test(operation);

let platform: TestPlatform;
let apps: FunctionApp[];
let docs: Map<string, Record<string, any>>;

beforeAll(async () => {
  platform = await createTestPlatform();
  apps = await createFunctionApps(platform);
  const all = new Hono();
  for (const a of apps) all.route("/", a.app);
  docs = await collectApiDocuments(all);
});
afterAll(async () => {
  for (const a of apps ?? []) await a.close();
  await platform?.db.close();
});

const key = (o: { method: string; path: string }) => `${o.method} ${o.path}`;
const operations = (doc: Record<string, any>) =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]: [string, any]) => Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op: op as any })));

describe("the API documents and the routes", () => {
  it("every registered operation is in a served document, and every documented one is registered", () => {
    const registered = new Set(apps.flatMap(({ app }) => registeredOperations(app).map(key)));
    const documented = new Set([...docs.values()].flatMap((d) => documentedOperations(d as never).map(key)));
    const undocumented = [...registered].filter((op) => !documented.has(op) && !NOT_API_OPERATIONS.has(op) && !isWebPage(op));
    const unserved = [...documented].filter((op) => !registered.has(op));
    expect({ undocumented, unserved }).toEqual({ undocumented: [], unserved: [] });
    expect(documented.size).toBeGreaterThan(30);
  });

  it("each listed document is served by the function the list names, and no function serves another", () => {
    for (const d of API_DOCUMENTS) {
      const servers = apps.filter(({ app }) => registeredOperations(app).some((o) => o.method === "GET" && o.path === apiDocumentPath(d.name))).map((a) => a.name);
      expect(servers, d.name).toEqual([d.function]);
    }
    const extra = apps.flatMap(({ app }) => registeredOperations(app)).filter((o) => /openapi/.test(o.path) && !NOT_API_OPERATIONS.has(key(o)));
    expect(extra).toEqual([]);
  });

  it("every document states servers, license and tags, and every operation an operationId, tag, summary, examples and its error answers", () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const [name, doc] of docs) {
      if (doc.openapi !== "3.1.0") problems.push(`${name}: openapi ${doc.openapi}`);
      if (!doc.servers?.length) problems.push(`${name}: no servers`);
      if (!doc.info?.license?.name) problems.push(`${name}: no license`);
      if (!doc.tags?.[0]?.description) problems.push(`${name}: no described tag`);
      for (const { where, op } of operations(doc)) {
        const at = `${name} ${where}`;
        if (!op.operationId) problems.push(`${at}: no operationId`);
        else if (ids.has(op.operationId)) problems.push(`${at}: operationId ${op.operationId} used twice`);
        ids.add(op.operationId);
        if (!op.tags?.length) problems.push(`${at}: no tag`);
        if (!op.summary) problems.push(`${at}: no summary`);
        const statuses = Object.keys(op.responses ?? {});
        if (!statuses.some((s) => s.startsWith("2"))) problems.push(`${at}: no 2xx answer`);
        const secured = (op.security ?? doc.security ?? []).length > 0;
        if (secured && !(statuses.includes("401") && statuses.includes("403"))) problems.push(`${at}: secured without 401 and 403`);
        if ((op.parameters?.length || op.requestBody) && !statuses.includes("400")) problems.push(`${at}: takes input but documents no 400`);
        for (const p of op.parameters ?? []) if (p.example === undefined && p.schema?.example === undefined) problems.push(`${at}: parameter ${p.name} has no example`);
        const media = [...Object.entries(op.requestBody?.content ?? {}), ...Object.values(op.responses ?? {}).flatMap((r: any) => Object.entries(r.content ?? {}))];
        for (const [type, m] of media as [string, any][]) if (m.example === undefined && m.examples === undefined) problems.push(`${at}: ${type} has no example`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("intake documents JSON batches beside CSV and NDJSON", () => {
    const body = docs.get("intake")!.paths["/v1/batches"].post.requestBody.content;
    expect(Object.keys(body).sort()).toEqual(["application/json", "application/x-ndjson", "text/csv"]);
  });

  it("the webhooks document has a JSON Schema and an example per payload notify sends", () => {
    const hooks = docs.get("webhooks")!.webhooks as Record<string, any>;
    expect(Object.keys(hooks).sort()).toEqual(["appeal.escalated.v1", "appeal.transitioned.v1", "batch.completed.v1", "period.priced.v1", "report.published.v1"]);
    for (const hook of Object.values(hooks)) {
      const content = hook.post.requestBody.content["application/json"];
      expect(content.schema).toMatchObject({ type: "object", additionalProperties: false });
      expect(content.example.type).toBe(content.schema.properties.type.const);
    }
  });
});
