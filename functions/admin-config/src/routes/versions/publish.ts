import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ConfigError, publishVersion } from "@casemix/config";
import { errorBody, type AdminConfigDeps, type AdminConfigVariables } from "../context.ts";
import { ErrorSchema, IdParamSchema, VersionSchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/config/versions/{id}/publish",
  summary: "Publish a draft: immutable from now on; emits config.published",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The published version", content: { "application/json": { schema: VersionSchema } } },
    404: { description: "No such version", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "Already published", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPublishVersion(app: OpenAPIHono<{ Variables: AdminConfigVariables }>, deps: AdminConfigDeps): void {
  app.openapi(route, async (c) => {
    try {
      return c.json(await publishVersion(deps.db, c.req.valid("param").id, deps.now()), 200);
    } catch (error) {
      if (error instanceof ConfigError && (error.status === 404 || error.status === 409)) return c.json(errorBody(error.code, error.message), error.status);
      throw error;
    }
  });
}
