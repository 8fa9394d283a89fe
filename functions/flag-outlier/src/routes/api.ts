import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize } from "@casemix/auth";
import { registerFreezeBaseline } from "./baselines/post.ts";
import type { OutlierDeps, OutlierVariables } from "./context.ts";
import { registerDecideReview } from "./reviews/decide.ts";
import { registerListReviews } from "./reviews/get.ts";

/**
 * The outlier review API (OpenAPI 3.1 at /v1/openapi/outliers.json): reviewers list, accept and
 * reject flagged claims; an admin freezes baselines. Every call is authenticated and audited.
 */
export function createOutlierApi(deps: OutlierDeps): OpenAPIHono<{ Variables: OutlierVariables }> {
  const app = new OpenAPIHono<{ Variables: OutlierVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  const auth = authorize(deps.platform.verifier);
  for (const path of ["/v1/outlier-reviews", "/v1/outlier-reviews/*", "/v1/outlier-baselines"]) app.use(path, auth);
  registerListReviews(app, deps);
  registerDecideReview(app, deps, "accept");
  registerDecideReview(app, deps, "reject");
  registerFreezeBaseline(app, deps);
  serveApiDocument(app, "outliers", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
