import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ConfigError, createDraft } from "@casemix/config";
import { errorBody, type AdminConfigDeps, type AdminConfigVariables } from "../context.ts";
import { ErrorSchema, ImportRequestSchema, VersionSchema } from "../schemas.ts";
import { draftFromRequest } from "./import.ts";

const route = createRoute({
  method: "post",
  path: "/v1/config/versions",
  summary: "Import a definition, tariff or hospital register as a draft version",
  description: "The content is validated by its importer; every problem names the file, line and field. The draft is not used until published.",
  request: { body: { content: { "application/json": { schema: ImportRequestSchema } }, required: true } },
  responses: {
    201: { description: "The draft", content: { "application/json": { schema: VersionSchema } } },
    400: { description: "Invalid content or range", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostVersion(app: OpenAPIHono<{ Variables: AdminConfigVariables }>, deps: AdminConfigDeps): void {
  app.openapi(route, async (c) => {
    try {
      const draft = draftFromRequest(c.req.valid("json"));
      const version = await createDraft(deps.db, { ...draft, source: `${draft.source ?? "upload"} by ${c.get("principal").subject}` });
      return c.json(version, 201);
    } catch (error) {
      if (error instanceof ConfigError) return c.json(errorBody(error.code, error.message, error.details), 400);
      throw error;
    }
  });
}
