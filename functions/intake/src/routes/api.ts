import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize } from "@casemix/auth";
import { registerGetBatch } from "./batches/get.ts";
import { registerGetBatchClaims } from "./batches/claims-get.ts";
import { registerListBatches } from "./batches/list.ts";
import { registerPostBatch } from "./batches/post.ts";
import { registerGetResult } from "./batches/result-get.ts";
import { registerReprocessBatch } from "./batches/reprocess-post.ts";
import { registerGetClaim } from "./claims/get.ts";
import { registerPostClaim } from "./claims/post.ts";
import type { IntakeDeps, IntakeVariables } from "./context.ts";
import { registerDocs } from "./docs.ts";
import { registerPostSftpPull } from "./sftp/post.ts";
import type { PullReport } from "../sftp-pull.ts";

/**
 * Intake's REST API (OpenAPI 3.1 at /v1/openapi/intake.json, browsable with every other document at /docs). Every claim and batch
 * operation needs a bearer token; a hospital token acts only for its own hospital.
 */
export function createIntakeApi(deps: IntakeDeps, pullNow: () => Promise<PullReport>): OpenAPIHono<{ Variables: IntakeVariables }> {
  const app = new OpenAPIHono<{ Variables: IntakeVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  const auth = authorize(deps.platform.verifier);
  for (const path of ["/v1/claims", "/v1/claims/*", "/v1/batches", "/v1/batches/*", "/v1/sftp/*"]) app.use(path, auth);
  registerPostClaim(app, deps);
  registerPostBatch(app, deps);
  registerListBatches(app, deps);
  registerGetBatch(app, deps);
  registerGetBatchClaims(app, deps);
  registerGetClaim(app, deps);
  registerGetResult(app, deps);
  registerReprocessBatch(app, deps);
  registerPostSftpPull(app, pullNow);
  serveApiDocument(app, "intake", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  registerDocs(app);
  return app;
}
