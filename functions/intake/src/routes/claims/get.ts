import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { ErrorSchema } from "../schemas.ts";
import { readClaim } from "./read.ts";

const ParamsSchema = z.object({
  claimId: z.string().regex(/^clm_[A-Za-z0-9_-]{1,64}$/, "must be a clm_ claim id").openapi({ param: { name: "claimId", in: "path" }, example: "clm_3f2a9c1d0b7e6a54" }),
});

const route = createRoute({
  method: "get",
  path: "/v1/claims/{claimId}",
  summary: "A claim: its versions, each one's grouping with the trace, its prices with every component, outlier flags and reviews",
  request: { params: ParamsSchema },
  responses: {
    200: { description: "The claim", content: { "application/json": { schema: z.object({ claim: z.record(z.string(), z.unknown()), versions: z.array(z.record(z.string(), z.unknown())) }).openapi("ClaimView") } } },
    404: { description: "No such claim (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerGetClaim(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const { claimId } = c.req.valid("param");
    const principal = c.get("principal");
    const view = await readClaim(deps.platform.db, claimId);
    // Another hospital's claim answers like a missing one: its existence is not this token's to know.
    if (!view || !mayActFor(principal, "claims.read", view.claim.hospitalCode)) return c.json(errorBody("E_CLAIM_NOT_FOUND", `no claim ${claimId}`), 404);
    await auditRequest(deps.platform.db, principal, "claims.read", claimId, { versions: view.versions.length });
    return c.json(view, 200);
  });
}
