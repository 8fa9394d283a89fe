import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize, type TokenVerifier } from "@casemix/auth";
import type { AdminConfigDeps, AdminConfigVariables } from "./context.ts";
import { registerGetVersion } from "./versions/get.ts";
import { registerListVersions } from "./versions/list.ts";
import { registerPostVersion } from "./versions/post.ts";
import { registerPublishVersion } from "./versions/publish.ts";

/**
 * admin-config's REST API (OpenAPI 3.1 at /v1/openapi/config.json): import configuration versions as drafts,
 * publish them, list them. Every operation needs a bearer token with the admin role.
 */
export function createAdminConfigApi(deps: AdminConfigDeps & { verifier: TokenVerifier }): OpenAPIHono<{ Variables: AdminConfigVariables }> {
  const app = new OpenAPIHono<{ Variables: AdminConfigVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  const auth = authorize(deps.verifier);
  for (const path of ["/v1/config/versions", "/v1/config/versions/*"]) app.use(path, auth);
  registerPostVersion(app, deps);
  registerPublishVersion(app, deps);
  registerListVersions(app, deps);
  registerGetVersion(app, deps);
  serveApiDocument(app, "config", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
