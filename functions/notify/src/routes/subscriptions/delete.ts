import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, errorBody, requireCaller, type NotifyVariables } from "../context.ts";
import { SubscriptionIdParamSchema } from "../schemas.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/webhooks/subscriptions/{id}",
  summary: "Remove a subscription; its queued deliveries are cancelled, its history stays",
  request: { params: SubscriptionIdParamSchema },
  responses: {
    204: { description: "Removed" },
    404: { description: "No such subscription (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerDeleteSubscription(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const removed = await deps.subscriptions.remove(caller, c.req.valid("param").id);
    return removed.ok ? c.body(null, 204) : c.json(errorBody(removed.error.code, removed.error.message), 404);
  });
}
