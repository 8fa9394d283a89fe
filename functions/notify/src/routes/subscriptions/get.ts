import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, type NotifyVariables } from "../context.ts";
import { SubscriptionIdParamSchema, SubscriptionSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/subscriptions/{id}",
  summary: "One subscription",
  request: { params: SubscriptionIdParamSchema },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: SubscriptionSchema } } },
    404: { description: "No such subscription (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerGetSubscription(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const found = await deps.subscriptions.get(caller, c.req.valid("param").id);
    return found.ok ? c.json(found.value, 200) : c.json(errorBody(found.error.code, found.error.message), 404);
  });
}
