import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyDeps } from "../../wiring.ts";
import { ErrorSchema, requireOperator, type NotifyVariables } from "../context.ts";
import { SigningKeySchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/keys",
  summary: "The signing keys and their states (never their secrets)",
  responses: {
    200: { description: "Keys", content: { "application/json": { schema: z.object({ keys: z.array(SigningKeySchema) }) } } },
    403: { description: "Not an admin token without a hospital claim", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerListKeys(app: OpenAPIHono<{ Variables: NotifyVariables }>, deps: NotifyDeps): void {
  app.openapi(route, async (c) => {
    const denied = requireOperator(c);
    if (denied) return denied as never;
    return c.json({ keys: await deps.keyring.list() }, 200);
  });
}
