import { OpenAPIHono } from "@hono/zod-openapi";
import { authorize } from "@casemix/auth";
import type { AppealsDeps, AppealsVariables } from "./context.ts";
import { registerDecide } from "./decide.ts";
import { registerEvidence } from "./evidence.ts";
import { registerFile } from "./file.ts";
import { registerMoves } from "./moves.ts";
import { registerReads } from "./read.ts";

/**
 * The appeals API (OpenAPI 3.1 at /v1/appeals/openapi.json, registered before the appeal id route so
 * that GET matches it first): hospitals file, follow, add evidence to and withdraw their own appeals;
 * the ministry's reviewers review and decide. Every call is authenticated by the policy and audited.
 */
export function createAppealsApi(deps: AppealsDeps): OpenAPIHono<{ Variables: AppealsVariables }> {
  const app = new OpenAPIHono<{ Variables: AppealsVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue?.path.join(".") || "request";
        return c.json({ error: { code: "E_REQUEST", message: `${field}: ${issue?.message}`, field } }, 400);
      }
    },
  });
  const auth = authorize(deps.platform.verifier);
  for (const path of ["/v1/appeals", "/v1/appeals/*"]) app.use(path, auth);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31("/v1/appeals/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Casemix appeals", version: "1", description: "A hospital disputes a claim's result; the ministry reviews and decides; the decision is applied through the pipeline." },
    security: [{ bearer: [] }],
  });
  registerFile(app, deps);
  registerReads(app, deps);
  registerMoves(app, deps);
  registerDecide(app, deps);
  registerEvidence(app, deps);
  return app;
}
