import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getVersion } from "@casemix/config";
import { errorBody, type AdminConfigDeps, type AdminConfigVariables } from "../context.ts";
import { ErrorSchema, IdParamSchema, VersionSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/config/versions/{id}",
  summary: "One configuration version (without its content)",
  request: { params: IdParamSchema },
  responses: {
    200: { description: "The version", content: { "application/json": { schema: VersionSchema } } },
    404: { description: "No such version", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerGetVersion(app: OpenAPIHono<{ Variables: AdminConfigVariables }>, deps: AdminConfigDeps): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const version = await getVersion(deps.db, id);
    return version ? c.json(version, 200) : c.json(errorBody("E_CONFIG_NOT_FOUND", `no configuration version ${id}`), 404);
  });
}
