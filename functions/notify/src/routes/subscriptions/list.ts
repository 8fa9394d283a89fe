import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { requireCaller, type NotifyVariables } from "../context.ts";
import { SubscriptionSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/subscriptions",
  summary: "The caller's subscriptions (a hospital sees only its own)",
  responses: { 200: { description: "Subscriptions", content: { "application/json": { schema: z.object({ items: z.array(SubscriptionSchema) }) } } } },
});

export function registerListSubscriptions(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    return c.json({ items: await deps.subscriptions.list(caller) }, 200);
  });
}
