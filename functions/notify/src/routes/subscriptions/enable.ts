import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, type NotifyVariables } from "../context.ts";
import { SubscriptionIdParamSchema, SubscriptionSchema } from "../schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/subscriptions/{id}/enable",
  summary: "Re-enable a subscription its target disabled with 410 Gone (then replay its dead letters)",
  request: { params: SubscriptionIdParamSchema },
  responses: {
    200: { description: "The subscription, active", content: { "application/json": { schema: SubscriptionSchema } } },
    404: { description: "No such subscription (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerEnableSubscription(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const enabled = await deps.subscriptions.enable(caller, c.req.valid("param").id);
    return enabled.ok ? c.json(enabled.value, 200) : c.json(errorBody(enabled.error.code, enabled.error.message), 404);
  });
}
