import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, statusOfCode, type NotifyVariables } from "../context.ts";
import { SubscriptionBodySchema, SubscriptionIdParamSchema, SubscriptionSchema } from "../schemas.ts";
import { unusableKey } from "./post.ts";

const PatchSchema = z
  .object({ url: z.string(), eventTypes: SubscriptionBodySchema.shape.eventTypes, signingKeyIds: z.array(z.string().min(1)).min(1) })
  .partial()
  .openapi("SubscriptionPatch");

const route = createRoute({
  method: "patch",
  path: "/v1/webhooks/subscriptions/{id}",
  summary: "Change a subscription's URL, event types or signing keys (key rotation: list the old and the new key, later only the new)",
  request: { params: SubscriptionIdParamSchema, body: { required: true, content: { "application/json": { schema: PatchSchema } } } },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: SubscriptionSchema } } },
    400: { description: "Invalid, or an unknown signing key", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No such subscription (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerPatchSubscription(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const patch = c.req.valid("json");
    const bad = patch.signingKeyIds ? await unusableKey(deps, patch.signingKeyIds) : undefined;
    if (bad) return c.json(errorBody("E_SUBSCRIPTION_INVALID", `signingKeyIds: ${bad} is not an active signing key`), 400);
    const updated = await deps.subscriptions.update(caller, c.req.valid("param").id, patch);
    if (!updated.ok) return c.json(errorBody(updated.error.code, updated.error.message), statusOfCode(updated.error.code) as 400 | 404);
    return c.json(updated.value, 200);
  });
}
