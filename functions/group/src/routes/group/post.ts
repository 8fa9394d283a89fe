import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ConfigError, type DefinitionInForce } from "@casemix/config";
import { formatExplanation, groupClaim, listEdits, type GroupTrace } from "@casemix/grouper";
import { errorBody, type GroupApiDeps, type GroupApiVariables } from "../context.ts";
import { AnyGroupRequestSchema, ErrorSchema, GroupResponseSchema } from "../schemas.ts";
import { readGroupRequest } from "./request.ts";

const route = createRoute({
  method: "post",
  path: "/v1/group",
  summary: "Group one claim and explain the result",
  description:
    "For a hospital coder checking a case before submitting: groups the claim with the definition in force on its discharge date " +
    "(or the published version named) and returns the MDC, base group, DRG, severity, status, the rule trace and the clinical edits. Nothing is stored. " +
    "The claim may be sent in the engine's form ({ dischargeDate, claim }), or as submitted to POST /v1/claims (the whole body, or { submission }), " +
    "which is mapped as the pipeline maps it (age at admission, length of stay in calendar days). Unknown fields answer 400 naming them.",
  request: {
    body: { content: { "application/json": { schema: AnyGroupRequestSchema } }, required: true },
    query: z.object({ explain: z.enum(["true", "false"]).optional().openapi({ description: "also return the readable trace" }) }),
  },
  responses: {
    200: { description: "The grouping", content: { "application/json": { schema: GroupResponseSchema } } },
    400: { description: "A malformed request, or unknown fields (E_FIELD_UNKNOWN names them)", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No published definition in force on the date (or no such version)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPostGroup(app: OpenAPIHono<{ Variables: GroupApiVariables }>, deps: GroupApiDeps): void {
  app.openapi(
    route,
    async (c) => {
      const read = readGroupRequest(c.req.valid("json"));
      if (!read.ok) return c.json(errorBody(read.code, read.message), 400);
      const body = read.ask;
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
          claim: body.claim,
          result: { ...result, trace: result.trace as GroupTrace },
          edits,
          ...(c.req.valid("query").explain === "true" ? { explanation: formatExplanation(def.definition, body.claim, result, edits) } : {}),
        },
        200,
      );
    },
    // The union's own error says little; the request reader names the field and the form.
    (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const answer = async () => {
        const read = readGroupRequest(await c.req.json().catch(() => null));
        return c.json(errorBody(read.ok ? "E_REQUEST" : read.code, read.ok ? `${issue?.path.join(".") || "request"}: ${issue?.message}` : read.message), 400);
      };
      return answer() as never;
    },
  );
}
