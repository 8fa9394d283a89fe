import { describe, expect, it } from "vitest";
import { compilePolicy } from "@casemix/auth";
import { completeDocument, operationIdOf } from "./complete-document.ts";

const policy = compilePolicy({
  roles: [{ role: "admin", summary: "operators" }],
  actions: [
    { action: "runs.read", summary: "a run", route: { method: "GET", path: "/v1/runs/:runId" } },
    { action: "probe.health", summary: "liveness", route: { method: "GET", path: "/healthz" }, public: true },
  ],
  grants: [{ action: "runs.read", role: "admin", tenancy: "system" }],
});

const generated = {
  openapi: "3.1.0",
  info: { title: "", version: "1" },
  paths: {
    "/v1/runs/{runId}": {
      get: {
        summary: "A run",
        parameters: [{ name: "runId", in: "path", required: true, schema: { type: "string", pattern: "^run_", example: "run_close_2027-01" } }],
        responses: {
          "200": { description: "The run", content: { "application/json": { schema: { $ref: "#/components/schemas/Run" } } } },
          "403": { description: "the route's own 403", content: { "application/json": { schema: { type: "object" }, example: { own: true } } } },
        },
      },
    },
    "/healthz": { get: { summary: "Liveness", responses: { "200": { description: "alive" } } } },
  },
  components: { schemas: { Run: { type: "object", required: ["runId"], properties: { runId: { type: "string", example: "run_close_2027-01" }, total: { type: "integer" } } } } },
};

describe("completing an API document", () => {
  const doc = completeDocument(generated, { name: "month-end", origin: "https://casemix.example", policy });
  const secured = doc.paths["/v1/runs/{runId}"].get;
  const open = doc.paths["/healthz"].get;

  it("names each operation after its policy action and tags it with the document", () => {
    expect(secured.operationId).toBe("runsRead");
    expect(open.operationId).toBe("probeHealth");
    expect(operationIdOf("webhook-keys.add")).toBe("webhookKeysAdd");
    expect(secured.tags).toEqual(["month-end"]);
    expect(doc.tags[0]).toMatchObject({ name: "month-end" });
  });

  it("adds 400, 401 and 403 to a secured operation with input, keeping what the route says itself", () => {
    expect(Object.keys(secured.responses).sort()).toEqual(["200", "400", "401", "403"]);
    expect(secured.responses["403"].description).toBe("the route's own 403");
    expect(secured.security).toEqual([{ bearer: [] }]);
  });

  it("gives a public operation without input no 400, 401 or 403, and no security", () => {
    expect(Object.keys(open.responses)).toEqual(["200"]);
    expect(open.security).toEqual([]);
  });

  it("samples an example for a body that has none, from its schema and its fields' examples", () => {
    expect(secured.responses["200"].content["application/json"].example).toEqual({ runId: "run_close_2027-01", total: 0 });
    expect(secured.responses["403"].content["application/json"].example).toEqual({ own: true });
  });

  it("states servers, license and the document's title, and leaves the generated document as it was", () => {
    expect(doc.servers).toEqual([{ url: "https://casemix.example", description: expect.any(String) }]);
    expect(doc.info.license.name).toBeTruthy();
    expect(doc.info.title).toBe("Month-end: periods and runs");
    expect((generated.paths["/v1/runs/{runId}"].get as Record<string, unknown>).operationId).toBeUndefined();
  });
});
