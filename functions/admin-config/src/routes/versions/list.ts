import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listVersions } from "@casemix/config";
import type { AdminConfigDeps, AdminConfigVariables } from "../context.ts";
import { VersionSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/config/versions",
  summary: "List configuration versions, newest first",
  request: {
    query: z.object({ kind: z.enum(["definition", "tariff", "hospitals", "codeset"]).optional(), status: z.enum(["draft", "published"]).optional() }),
  },
  responses: { 200: { description: "The versions", content: { "application/json": { schema: z.object({ versions: z.array(VersionSchema) }) } } } },
});

export function registerListVersions(app: OpenAPIHono<{ Variables: AdminConfigVariables }>, deps: AdminConfigDeps): void {
  app.openapi(route, async (c) => c.json({ versions: await listVersions(deps.db, c.req.valid("query")) }, 200));
}
