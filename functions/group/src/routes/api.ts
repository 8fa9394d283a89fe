import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize } from "@casemix/auth";
import type { TokenVerifier } from "@casemix/auth";
import type { GroupApiDeps, GroupApiVariables } from "./context.ts";
import { registerPostGroup } from "./group/post.ts";

/**
 * Group's REST API (OpenAPI 3.1 at /v1/openapi/group.json): synchronous grouping of one claim. Any
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
  registerPostGroup(app, deps);
  serveApiDocument(app, "group", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
