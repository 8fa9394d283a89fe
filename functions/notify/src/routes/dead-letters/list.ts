import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { requireCaller, type NotifyVariables } from "../context.ts";
import { DeadLetterSchema } from "../schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/dead-letters",
  summary: "Deliveries that gave up (an operator sees all, a hospital its own)",
  request: { query: z.object({ status: z.enum(["dead", "replayed"]).optional(), subscriptionId: z.string().regex(/^sub_[A-Za-z0-9]{1,64}$/, "must be a subscription id (sub_...)").optional().openapi({ example: "sub_7Hq2Xk9" }) }) },
  responses: { 200: { description: "Dead letters, oldest first", content: { "application/json": { schema: z.object({ items: z.array(DeadLetterSchema) }) } } } },
});

export function registerListDeadLetters(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const caller = requireCaller(c);
    if (caller instanceof Response) return caller as never;
    const { status, subscriptionId } = c.req.valid("query");
    const items = await deps.deadLetters.list(caller, { ...(status ? { status } : {}), ...(subscriptionId ? { subscriptionId } : {}) });
    return c.json({ items }, 200);
  });
}
