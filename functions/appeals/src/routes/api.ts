import { OpenAPIHono } from "@hono/zod-openapi";
import { authorize } from "@casemix/auth";
import { serveApiDocument } from "@casemix/runtime";
import type { AppealsDeps, AppealsVariables } from "./context.ts";
import { registerDecide } from "./decide.ts";
import { registerEvidence } from "./evidence.ts";
import { registerFile } from "./file.ts";
import { registerMoves } from "./moves.ts";
import { registerReads } from "./read.ts";

/**
 * The appeals API (OpenAPI 3.1 at /v1/openapi/appeals.json, the one pattern of every document): hospitals file, follow, add evidence to and withdraw their own appeals;
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
  registerFile(app, deps);
  registerReads(app, deps);
  registerMoves(app, deps);
  registerDecide(app, deps);
  registerEvidence(app, deps);
  serveApiDocument(app, "appeals", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
