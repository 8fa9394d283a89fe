import { OpenAPIHono } from "@hono/zod-openapi";
import { authorize } from "@casemix/auth";
import type { TokenVerifier } from "@casemix/auth";
import type { GroupApiDeps, GroupApiVariables } from "./context.ts";
import { registerPostGroup } from "./group/post.ts";

/**
 * Group's REST API (OpenAPI 3.1 at /v1/group/openapi.json): synchronous grouping of one claim. Any
 * authenticated user may use it: it stores nothing and reveals only the published definition.
 */
export function createGroupApi(deps: GroupApiDeps & { verifier: TokenVerifier }): OpenAPIHono<{ Variables: GroupApiVariables }> {
  const app = new OpenAPIHono<{ Variables: GroupApiVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  app.use("/v1/group", authorize(deps.verifier));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  registerPostGroup(app, deps);
  app.doc31("/v1/group/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Casemix group", version: "1", description: "Group one claim with the published definition in force, with the rule trace." },
    security: [{ bearer: [] }],
  });
  return app;
}
