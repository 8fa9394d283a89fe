import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ConfigError, type DefinitionInForce } from "@casemix/config";
import { formatExplanation, groupClaim, listEdits, type GroupTrace } from "@casemix/grouper";
import { errorBody, type GroupApiDeps, type GroupApiVariables } from "../context.ts";
import { ErrorSchema, GroupRequestSchema, GroupResponseSchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/group",
  summary: "Group one claim and explain the result",
  description:
    "For a hospital coder checking a case before submitting: groups the claim with the definition in force on its discharge date " +
    "(or the published version named) and returns the MDC, base group, DRG, severity, status, the rule trace and the clinical edits. Nothing is stored.",
  request: {
    body: { content: { "application/json": { schema: GroupRequestSchema } }, required: true },
    query: z.object({ explain: z.enum(["true", "false"]).optional().openapi({ description: "also return the readable trace" }) }),
  },
  responses: {
    200: { description: "The grouping", content: { "application/json": { schema: GroupResponseSchema } } },
    400: { description: "A malformed request", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No published definition in force on the date (or no such version)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostGroup(app: OpenAPIHono<{ Variables: GroupApiVariables }>, deps: GroupApiDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    let def: DefinitionInForce;
    try {
      def = body.definitionVersionId ? await deps.config.definitionById(body.definitionVersionId) : await deps.config.definitionFor(body.dischargeDate);
    } catch (error) {
      if (error instanceof ConfigError && error.status === 404) return c.json(errorBody(error.code, error.message), 404);
      throw error;
    }
    const result = groupClaim(def.definition, body.claim);
    const edits = listEdits(def.definition, body.claim);
    const manifest = def.package.manifest;
    return c.json(
      {
        definition: { versionId: def.version.id, label: def.version.label, illustrative: manifest.illustrative },
        result: { ...result, trace: result.trace as GroupTrace },
        edits,
        ...(c.req.valid("query").explain === "true" ? { explanation: formatExplanation(def.definition, body.claim, result, edits) } : {}),
      },
      200,
    );
  });
}
